namespace HouseholdApp.Features.Invites.Landing;

/// <summary>The landing page's sign-up form, bound from the posted fields <c>Input.Email</c>, <c>Input.DisplayName</c>, <c>Input.Password</c>, <c>Input.ConfirmPassword</c>.</summary>
public sealed class SignUpInput
{
    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? ConfirmPassword { get; set; }
}

/// <summary>The landing page's passkey sign-up form: <c>Passkey.Email</c>, <c>Passkey.DisplayName</c> and the browser's credential, <c>Passkey.Credential</c>.</summary>
public sealed class PasskeySignUpInput
{
    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public string? Credential { get; set; }
}
