namespace HouseholdApp.Features.Invites.Landing;

/// <summary>The landing page's sign-up form, bound from the posted fields <c>Input.Email</c>, <c>Input.DisplayName</c>, <c>Input.Password</c>, <c>Input.ConfirmPassword</c>.</summary>
public sealed class SignUpInput
{
    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? ConfirmPassword { get; set; }
}
