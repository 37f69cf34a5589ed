namespace HouseholdApp.Features.Invites.Landing;

/// <summary>The landing page's "expires in 7 days", worded like the owner's invite list.</summary>
public static class InviteExpiryText
{
    public static string Describe(DateTimeOffset expiresAt, DateTimeOffset now) =>
        "expires in " + InviteDisplay.Duration(expiresAt - now);
}
