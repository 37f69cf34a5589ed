using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Features.Activity;

/// <summary>A person in an activity entry; null fields when their account is gone.</summary>
public sealed record ActivityPerson(string UserId, string DisplayName);

/// <summary>One entry as owners see it. <paramref name="InviteLabel"/> is null when the link has none or was cleared
/// from the history.</summary>
public sealed record ActivityEntry(
    Guid Id,
    ActivityKind Kind,
    DateTimeOffset OccurredAt,
    ActivityPerson? Actor,
    ActivityPerson? Subject,
    Guid? InviteId,
    string? InviteLabel,
    HouseholdRole? Role,
    InviteRevokedReason? RevokedReason
);

public sealed class ActivityService(HouseholdAccess access, TimeProvider time)
{
    /// <summary>The household's activity of the last 90 days, newest first; owners only.</summary>
    public async Task<Result<IReadOnlyList<ActivityEntry>>> ListActivityAsync(
        string? actorUserId,
        Guid householdId,
        CancellationToken ct = default
    )
    {
        return await access.ReadAsync<IReadOnlyList<ActivityEntry>>(
            householdId,
            actorUserId,
            HouseholdRole.Owner,
            async (db, _) =>
            {
                var cutoff = time.GetUtcNow().AddDays(-HouseholdActivity.RetentionDays);
                return await db
                    .Activity.Where(a => a.HouseholdId == householdId && a.OccurredAt >= cutoff)
                    .OrderByDescending(a => a.OccurredAt)
                    .ThenByDescending(a => a.Id)
                    .SelectEntries()
                    .ToListAsync(ct);
            },
            ct
        );
    }
}

internal static class ActivityQueries
{
    /// <summary>Entries as people read them: with the names of those involved (null once their account is
    /// gone).</summary>
    public static IQueryable<ActivityEntry> SelectEntries(this IQueryable<HouseholdActivity> activity) =>
        activity.Select(a => new ActivityEntry(
            a.Id,
            a.Kind,
            a.OccurredAt,
            a.Actor == null ? null : new ActivityPerson(a.Actor.Id, a.Actor.DisplayName),
            a.Subject == null ? null : new ActivityPerson(a.Subject.Id, a.Subject.DisplayName),
            a.InviteId,
            a.Invite == null ? null : a.Invite.Label,
            a.Role,
            a.RevokedReason
        ));
}
