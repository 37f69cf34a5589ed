using HouseholdApp.Features.Memberships;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace HouseholdApp.Features.Invites;

/// <summary>
/// Revoking links, by an owner or because their creator no longer holds what they grant. Only links that are still
/// usable are revoked: a used-up or expired link keeps saying so. Each revoked link is recorded in the household's
/// activity with why, in the same statement.
/// </summary>
internal static class InviteRevocations
{
    private const string RevokeSql = $"""
        WITH revoked AS (
            UPDATE invites AS i SET revoked_at = @now, revoked_by_user_id = @by, revoked_reason = @reason
            WHERE i.household_id = @household
              AND (@invite IS NULL OR i.id = @invite)
              AND (@creator IS NULL OR i.created_by_user_id = @creator)
              AND (NOT @owner_links_only OR i.role = 'Owner')
              AND {InviteRules.UsableSql}
            RETURNING i.id, i.role
        ), activity AS (
            INSERT INTO household_activity
                (id, household_id, occurred_at, kind, actor_user_id, invite_id, role, revoked_reason)
            SELECT gen_random_uuid(), @household, @now, 'LinkRevoked', @by, id, role, @reason FROM revoked
        )
        SELECT count(*)::int AS "Value" FROM revoked
        """;

    /// <summary>Revokes one link of the household if it is still usable; the number revoked (0 or 1).</summary>
    public static Task<int> RevokeOneAsync(
        Data.AppDbContext db,
        Guid householdId,
        Guid inviteId,
        string byUserId,
        DateTimeOffset now,
        CancellationToken ct
    ) =>
        RunAsync(
            db,
            householdId,
            inviteId,
            null,
            ownerLinksOnly: false,
            byUserId,
            InviteRevokedReason.RevokedByOwner,
            now,
            ct
        );

    /// <summary>Revokes the usable links <paramref name="creatorUserId"/> made (only those granting Owner, when
    /// <paramref name="ownerLinksOnly"/>).</summary>
    public static Task<int> RevokeCreatedByAsync(
        Data.AppDbContext db,
        Guid householdId,
        string creatorUserId,
        bool ownerLinksOnly,
        string byUserId,
        InviteRevokedReason reason,
        DateTimeOffset now,
        CancellationToken ct
    ) => RunAsync(db, householdId, null, creatorUserId, ownerLinksOnly, byUserId, reason, now, ct);

    /// <summary>How many links <see cref="RevokeCreatedByAsync"/> would revoke now.</summary>
    public static Task<int> CountCreatedByAsync(
        Data.AppDbContext db,
        Guid householdId,
        string creatorUserId,
        bool ownerLinksOnly,
        DateTimeOffset now,
        CancellationToken ct
    ) =>
        db
            .Invites.Where(i =>
                i.HouseholdId == householdId
                && i.CreatedByUserId == creatorUserId
                && (!ownerLinksOnly || i.Role == HouseholdRole.Owner)
            )
            .CountAsync(InviteRules.IsUsable(now), ct);

    private static async Task<int> RunAsync(
        Data.AppDbContext db,
        Guid householdId,
        Guid? inviteId,
        string? creatorUserId,
        bool ownerLinksOnly,
        string byUserId,
        InviteRevokedReason reason,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        var rows = await db
            .Database.SqlQueryRaw<int>(
                RevokeSql,
                new NpgsqlParameter("now", now),
                new NpgsqlParameter("by", byUserId),
                new NpgsqlParameter("reason", reason.ToString()),
                new NpgsqlParameter("household", householdId),
                new NpgsqlParameter("invite", NpgsqlDbType.Uuid) { Value = (object?)inviteId ?? DBNull.Value },
                new NpgsqlParameter("creator", NpgsqlDbType.Text) { Value = (object?)creatorUserId ?? DBNull.Value },
                new NpgsqlParameter("owner_links_only", ownerLinksOnly)
            )
            .ToListAsync(ct);
        return rows[0];
    }
}
