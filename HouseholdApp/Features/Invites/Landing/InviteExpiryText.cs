namespace HouseholdApp.Features.Invites.Landing;

/// <summary>How the landing page words a link's end: "expires in 7 days" (the moment itself is ViewerTime's).</summary>
public static class InviteExpiryText
{
    /// <summary>Worded like the owner's invite list.</summary>
    public static string Describe(InviteTexts texts, DateTimeOffset expiresAt, DateTimeOffset now) =>
        texts.ExpiresIn(texts.Duration(expiresAt - now));
}
