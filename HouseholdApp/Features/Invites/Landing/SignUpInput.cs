namespace HouseholdApp.Features.Invites.Landing;

/// <summary>The landing page's sign-up form, bound from the posted fields <c>Input.Email</c>, <c>Input.DisplayName</c>,
/// <c>Input.Password</c>, <c>Input.ConfirmPassword</c>, <c>Input.PasskeyCredential</c>.</summary>
public sealed class SignUpInput
{
    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? ConfirmPassword { get; set; }

    /// <summary>The browser's new passkey as JSON, when the person chose "Create account with a passkey" (the passwords
    /// are then ignored).</summary>
    public string? PasskeyCredential { get; set; }
}
