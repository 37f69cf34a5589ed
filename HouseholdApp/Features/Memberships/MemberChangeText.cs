using HouseholdApp.Features.Households;

namespace HouseholdApp.Features.Memberships;

/// <summary>What the confirmations of leaving, removing someone and stepping down say about the links that go with
/// it.</summary>
public static class MemberChangeText
{
    /// <summary>
    /// The warning for <paramref name="revokedLinks"/> pending links (from <see
    /// cref="MembershipService.CountLinksRevokedByAsync"/>), or null when none would be revoked. <paramref
    /// name="whose"/> is the person's display name, or null for the viewer's own links.
    /// </summary>
    public static string? RevokedLinksWarning(
        HouseholdTexts texts,
        int revokedLinks,
        MemberChange change,
        string? whose
    )
    {
        if (revokedLinks <= 0)
        {
            return null;
        }

        var ownerLinks = change == MemberChange.StepDown;
        return (whose, ownerLinks) switch
        {
            (null, false) => texts.YourLinksRevoked(revokedLinks),
            (null, true) => texts.YourOwnerLinksRevoked(revokedLinks),
            (_, false) => texts.TheirLinksRevoked(revokedLinks, whose),
            (_, true) => texts.TheirOwnerLinksRevoked(revokedLinks, whose),
        };
    }
}
