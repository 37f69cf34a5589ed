using Microsoft.AspNetCore.Identity;

namespace HouseholdApp.Data;

public sealed class ApplicationUser : IdentityUser
{
    /// <summary>How the person is shown to others (1–50 characters, trimmed); never their e-mail address.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>When the account was created (unknown for accounts older than the record).</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>When the person last signed in, by any means (password, passkey, API, a provider).</summary>
    public DateTimeOffset? LastSignInAt { get; set; }
}
