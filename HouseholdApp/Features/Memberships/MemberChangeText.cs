namespace HouseholdApp.Features.Memberships;

/// <summary>What the confirmations of leaving, removing someone and stepping down say about the links that go with it.</summary>
public static class MemberChangeText
{
    /// <summary>
    /// The warning for <paramref name="revokedLinks"/> pending links (from <see cref="MembershipService.CountLinksRevokedByAsync"/>),
    /// or null when none would be revoked. <paramref name="whose"/> is "your" or the person's display name.
    /// </summary>
    public static string? RevokedLinksWarning(int revokedLinks, MemberChange change, string whose)
    {
        if (revokedLinks <= 0)
        {
            return null;
        }

        var owner = change == MemberChange.StepDown ? " owner" : "";
        var links = revokedLinks == 1 ? $"1 pending{owner} invite link" : $"{revokedLinks} pending{owner} invite links";
        var possessive = string.Equals(whose, "your", StringComparison.OrdinalIgnoreCase) ? "Your" : $"{whose}’s";
        return $"{possessive} {links} will be revoked.";
    }
}
