using HouseholdApp.Common;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;

namespace HouseholdApp.Features.Activity;

/// <summary>How an activity entry reads, for the API's <c>text</c> and the owner's activity list: built as it is
/// shown, in the reader's language.</summary>
public static class ActivityText
{
    public static string WireName(ActivityKind kind) =>
        kind switch
        {
            ActivityKind.Joined => "joined",
            ActivityKind.Left => "left",
            ActivityKind.Removed => "removed",
            ActivityKind.RoleChanged => "role_changed",
            ActivityKind.LinkCreated => "link_created",
            ActivityKind.LinkRevoked => "link_revoked",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

    /// <summary>
    /// One sentence: "Ana joined through the link “for Mum”", "Ben removed Carl", "Ana made Ben an owner".
    /// <paramref name="name"/> dresses each person's name (a page isolates it, see <see cref="Isolated"/>).
    /// </summary>
    public static string Describe(ActivityEntry entry, HouseholdTexts texts, Func<string, string>? name = null)
    {
        name ??= n => n;
        var actor = entry.Actor?.DisplayName is { } actorName ? name(actorName) : texts.AFormerMember;
        var subject = entry.Subject?.DisplayName is { } subjectName ? name(subjectName) : texts.FormerMember;
        var label = entry.InviteLabel;
        var forOwners = entry.Role == HouseholdRole.Owner;
        return entry.Kind switch
        {
            ActivityKind.Joined when entry.InviteId is null => texts.ActivityJoined(actor),
            ActivityKind.Joined => label is null
                ? texts.ActivityJoinedThroughLink(actor)
                : texts.ActivityJoinedThroughNamedLink(actor, label),
            ActivityKind.Left => texts.ActivityLeft(actor),
            ActivityKind.Removed => texts.ActivityRemoved(actor, subject),
            ActivityKind.RoleChanged when entry.Actor is not null && entry.Actor.UserId == entry.Subject?.UserId =>
                forOwners ? texts.ActivityBecameOwner(actor) : texts.ActivitySteppedDown(actor),
            ActivityKind.RoleChanged => forOwners
                ? texts.ActivityMadeOwner(actor, subject)
                : texts.ActivityMadeMember(actor, subject),
            ActivityKind.LinkCreated => (label, forOwners) switch
            {
                (null, false) => texts.ActivityCreatedLink(actor),
                (null, true) => texts.ActivityCreatedOwnerLink(actor),
                (_, false) => texts.ActivityCreatedNamedLink(actor, label),
                (_, true) => texts.ActivityCreatedNamedOwnerLink(actor, label),
            },
            ActivityKind.LinkRevoked => entry.RevokedReason switch
            {
                null or InviteRevokedReason.RevokedByOwner => label is null
                    ? texts.ActivityRevokedLink(actor)
                    : texts.ActivityRevokedNamedLink(actor, label),
                { } reason => texts.ActivityLinkRevoked(reason, label),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(entry), entry.Kind, null),
        };
    }

    /// <summary>A name between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: in running text, what &lt;bdi&gt; is
    /// in markup.</summary>
    public static string Isolated(string name) => "\u2068" + name + "\u2069";
}
