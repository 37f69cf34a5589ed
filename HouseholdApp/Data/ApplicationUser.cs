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

    /// <summary>The person's IANA time zone, for mails: what their browser reported, or what they chose.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Chosen on the profile page: a browser reporting another zone no longer changes it.</summary>
    public bool TimeZoneChosen { get; set; }

    /// <summary>The language the person chose in the app bar ("de"), for their new devices and their mails.</summary>
    public string? Language { get; set; }
}
