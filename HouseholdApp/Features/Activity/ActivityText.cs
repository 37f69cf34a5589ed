using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;

namespace HouseholdApp.Features.Activity;

/// <summary>How an activity entry reads, for the API's <c>text</c> and the owner's activity list.</summary>
public static class ActivityText
{
    /// <summary>How a person whose account was deleted appears: activity keeps no name of theirs.</summary>
    public const string FormerMember = "a former member";

    public static string WireName(ActivityKind kind) => kind switch
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
    public static string Describe(ActivityEntry entry, Func<string, string>? name = null)
    {
        name ??= n => n;
        var actor = entry.Actor?.DisplayName is { } actorName ? name(actorName) : Capitalized(FormerMember);
        var subject = entry.Subject?.DisplayName is { } subjectName ? name(subjectName) : FormerMember;
        var link = entry.InviteLabel is { } label ? $"the link “{label}”" : "a link";
        return entry.Kind switch
        {
            ActivityKind.Joined => entry.InviteId is null ? $"{actor} joined" : $"{actor} joined through {link}",
            ActivityKind.Left => $"{actor} left the household",
            ActivityKind.Removed => $"{actor} removed {subject}",
            ActivityKind.RoleChanged when entry.Actor is not null && entry.Actor.UserId == entry.Subject?.UserId =>
                $"{actor} {(entry.Role == HouseholdRole.Owner ? "became an owner" : "stepped down to member")}",
            ActivityKind.RoleChanged => $"{actor} made {subject} {(entry.Role == HouseholdRole.Owner ? "an owner" : "a member")}",
            ActivityKind.LinkCreated => $"{actor} created {link}{(entry.Role == HouseholdRole.Owner ? " for owners" : "")}",
            ActivityKind.LinkRevoked => entry.RevokedReason switch
            {
                null or InviteRevokedReason.RevokedByOwner => $"{actor} revoked {link}",
                { } reason => $"{Capitalized(link)} was revoked: {InviteTexts.RevokedReason(reason)}",
            },
            _ => throw new ArgumentOutOfRangeException(nameof(entry), entry.Kind, null),
        };
    }

    /// <summary>A name between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: in running text, what &lt;bdi&gt; is in markup.</summary>
    public static string Isolated(string name) => "\u2068" + name + "\u2069";

    private static string Capitalized(string text) => string.Concat(char.ToUpperInvariant(text[0]).ToString(), text[1..]);
}
