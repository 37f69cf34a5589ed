using HouseholdApp.Data;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Features.Activity;

/// <summary>Writes activity inside the transaction of the change it records, and drops what has aged out.</summary>
internal static class ActivityLog
{
    public static async Task RecordAsync(
        AppDbContext db,
        Guid householdId,
        ActivityKind kind,
        DateTimeOffset now,
        CancellationToken ct,
        string? actorUserId = null,
        string? subjectUserId = null,
        Guid? inviteId = null,
        HouseholdRole? role = null
    )
    {
        db.Activity.Add(
            new HouseholdActivity
            {
                Id = Guid.CreateVersion7(now),
                HouseholdId = householdId,
                OccurredAt = now,
                Kind = kind,
                ActorUserId = actorUserId,
                SubjectUserId = subjectUserId,
                InviteId = inviteId,
                Role = role,
            }
        );
        await db.SaveChangesAsync(ct);
        await PruneAsync(db, householdId, now, ct);
    }

    /// <summary>Entries older than the retention period go; run with every write, so no household keeps more than 90
    /// days.</summary>
    public static Task<int> PruneAsync(AppDbContext db, Guid householdId, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now.AddDays(-HouseholdActivity.RetentionDays);
        return db.Activity.Where(a => a.HouseholdId == householdId && a.OccurredAt < cutoff).ExecuteDeleteAsync(ct);
    }
}
