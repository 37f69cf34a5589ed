using System.Globalization;

namespace HouseholdApp.Features.Invites.Landing;

/// <summary>How the landing page words a link's end: "expires in 7 days", and the moment itself in UTC.</summary>
public static class InviteExpiryText
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>Worded like the owner's invite list.</summary>
    public static string Describe(DateTimeOffset expiresAt, DateTimeOffset now) =>
        "expires in " + InviteDisplay.Duration(expiresAt - now);

    /// <summary>The machine-readable moment, for a <c>&lt;time datetime&gt;</c>.</summary>
    public static string Iso(DateTimeOffset expiresAt) => expiresAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A static page cannot know the reader's zone, so it names the one it uses.</summary>
    public static string At(DateTimeOffset expiresAt) => expiresAt.UtcDateTime.ToString("d MMM yyyy, HH:mm", English) + " UTC";
}
