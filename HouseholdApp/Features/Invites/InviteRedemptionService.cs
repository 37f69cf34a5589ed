using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HouseholdApp.Features.Invites;

/// <summary>People holding a link: what it shows them, and joining through it while signed in. Never touches Identity.</summary>
public sealed partial class InviteRedemptionService(
    IDbContextFactory<AppDbContext> dbFactory,
    HouseholdEvents events,
    TimeProvider time,
    AppMetrics metrics,
    ILogger<InviteRedemptionService> logger)
{
    /// <summary>What the holder of a link sees. Never writes: link previewers and mail scanners fetch links.</summary>
    public async Task<InviteLookup> LookupAsync(string? token, string? userId, CancellationToken ct = default)
    {
        var hash = InviteToken.TryHash(token);
        if (hash is null)
        {
            return new InviteLookup.Malformed();
        }

        return await FindAsync(hash, userId, ct);
    }

    private async Task<InviteLookup> FindAsync(byte[] hash, string? userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await LookupQuery(db, hash, userId);
        if (row is null)
        {
            return new InviteLookup.Unknown();
        }

        var details = new InviteDetails(row.Id, row.HouseholdId, row.HouseholdName, row.InvitedBy, row.Role, row.ExpiresAt);
        if (row.IsMember)
        {
            return new InviteLookup.AlreadyMember(details);
        }

        var status = InviteStates.StatusOf(row.RevokedAt, row.UseCount, row.MaxUses, row.ExpiresAt, time.GetUtcNow());
        if (status != InviteStatus.Pending)
        {
            return new InviteLookup.Unusable(row.Id, status);
        }

        return row.Bound && !row.BoundToViewer ? new InviteLookup.WrongAccount(row.Id) : new InviteLookup.Usable(details);
    }

    /// <summary>
    /// Compiled once: landing pages and previews are the hottest path, and translating the LINQ tree on every
    /// call cost more than the query itself.
    /// </summary>
    private static readonly Func<AppDbContext, byte[], string?, Task<LookupRow?>> LookupQuery = EF.CompileAsyncQuery(
        (AppDbContext db, byte[] hash, string? userId) => db.Invites
            .AsNoTracking()
            .Where(i => i.TokenHash == hash)
            .Select(i => new LookupRow(
                i.Id,
                i.HouseholdId,
                i.Household!.Name,
                i.CreatedBy!.DisplayName,
                i.Role,
                i.ExpiresAt,
                i.RevokedAt,
                i.UseCount,
                i.MaxUses,
                userId != null && db.Memberships.Any(m => m.HouseholdId == i.HouseholdId && m.UserId == userId),
                i.BoundEmail != null,
                userId != null && db.Users.Any(u => u.Id == userId && u.EmailConfirmed && u.NormalizedEmail == i.BoundEmail)))
            .SingleOrDefault());

    private sealed record LookupRow(
        Guid Id, Guid HouseholdId, string HouseholdName, string InvitedBy, HouseholdRole Role,
        DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, int UseCount, int MaxUses, bool IsMember, bool Bound, bool BoundToViewer);

    /// <summary>
    /// The whole redemption (SPEC section 3) as one statement, hence one transaction and one round trip: the
    /// membership probe, the conditional claim, the membership, the redemption record, the activity entry and the
    /// notice to other instances (sent by PostgreSQL only if the statement commits; read, so it runs). Data-modifying CTEs
    /// see one snapshot; the claim still takes the row lock and re-checks the rule on the newest row version, so
    /// concurrent claims queue and uses never exceed max_uses. Any error rolls all of it back.
    /// </summary>
    internal static readonly string RedeemSql = $"""
        WITH invite AS (
            SELECT i.id, EXISTS (
                SELECT 1 FROM memberships m WHERE m.household_id = i.household_id AND m.user_id = @user) AS is_member
            FROM invites i WHERE i.token_hash = @hash
        ), claim AS (
            {InviteRules.ClaimSql("NOT EXISTS (SELECT 1 FROM invite WHERE is_member)", boundUser: true)}
        ), membership AS (
            INSERT INTO memberships (id, household_id, user_id, role, joined_at)
            SELECT @membership_id, "HouseholdId", @user, "Role", @now FROM claim
        ), redemption AS (
            INSERT INTO invite_redemptions (id, invite_id, user_id, redeemed_at)
            SELECT @redemption_id, "Id", @user, @now FROM claim
        ), activity AS (
            INSERT INTO household_activity (id, household_id, occurred_at, kind, actor_user_id, invite_id, role)
            SELECT @activity_id, "HouseholdId", @now, 'Joined', @user, "Id", "Role" FROM claim
        ), notified AS MATERIALIZED (
            SELECT pg_notify('{HouseholdEvents.Channel}', @sender || "HouseholdId"::text) FROM claim
        )
        SELECT invite.id AS "InviteId", invite.is_member AS "IsMember", claim."HouseholdId", (SELECT count(*) FROM notified) AS "Notified"
        FROM invite LEFT JOIN claim ON true
        """;

    /// <summary>A signed-in user joins through a link: exactly once, whatever the concurrency (SPEC section 3).</summary>
    public async Task<JoinOutcome> AcceptAsync(string? token, string? userId, CancellationToken ct = default) =>
        metrics.Redeemed(await JoinAsync(token, userId, ct));

    private async Task<JoinOutcome> JoinAsync(string? token, string? userId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return new JoinOutcome.NotSignedIn();
        }

        var hash = InviteToken.TryHash(token);
        if (hash is null)
        {
            return new JoinOutcome.Refused(InviteRefusal.Malformed);
        }

        var now = time.GetUtcNow();
        List<RedeemRow> rows;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            try
            {
                rows = await db.Database.SqlQueryRaw<RedeemRow>(
                    RedeemSql,
                    new NpgsqlParameter("hash", hash),
                    new NpgsqlParameter("now", now),
                    new NpgsqlParameter("user", userId),
                    new NpgsqlParameter("membership_id", Guid.CreateVersion7(now)),
                    new NpgsqlParameter("redemption_id", Guid.CreateVersion7(now)),
                    new NpgsqlParameter("activity_id", Guid.CreateVersion7(now)),
                    new NpgsqlParameter("sender", events.SenderPrefix)).ToListAsync(ct);
            }
            catch (PostgresException ex) when (ex.IsUniqueViolation(ConstraintNames.MembershipUnique))
            {
                // A concurrent accept of the same user committed first: nothing was written. Classifying now sees that membership.
                return new JoinOutcome.Refused(await ClassifyAsync(hash, userId, ct));
            }
        }

        if (rows.Count == 0)
        {
            return new JoinOutcome.Refused(InviteRefusal.Invalid);
        }

        var row = rows[0];
        if (row.IsMember)
        {
            return new JoinOutcome.Refused(InviteRefusal.AlreadyMember);
        }

        if (row.HouseholdId is not { } householdId)
        {
            return new JoinOutcome.Refused(await ClassifyAsync(hash, userId, ct));
        }

        LogInviteRedeemed(row.InviteId, householdId);
        events.PublishHere(householdId);
        return new JoinOutcome.Joined(householdId, userId, row.InviteId);
    }

    private sealed record RedeemRow(Guid InviteId, bool IsMember, Guid? HouseholdId, long Notified);

    /// <summary>
    /// Why a claim found nothing: read after the claiming transaction ended, so it sees the winners' commits.
    /// Usable again by now (a concurrent claim rolled back): still reported as used rather than retried here.
    /// </summary>
    internal async Task<InviteRefusal> ClassifyAsync(byte[] hash, string? userId, CancellationToken ct)
    {
        var lookup = await FindAsync(hash, userId, ct);
        return lookup is InviteLookup.Usable ? InviteRefusal.Used : lookup.State.ToRefusal();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Invite {InviteId} redeemed: a member joined household {HouseholdId}")]
    private partial void LogInviteRedeemed(Guid inviteId, Guid householdId);
}
