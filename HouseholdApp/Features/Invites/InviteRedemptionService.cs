using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Activity;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HouseholdApp.Features.Invites;

/// <summary>
/// People holding a link: what it shows them, and the one redemption (SPEC section 3) that every way of joining goes
/// through — the landing page's forms, the API's accept and sign-up, passkey sign-up. Never touches Identity: the
/// sign-up callers bring the account's creation as a step of the same transaction.
/// </summary>
public sealed partial class InviteRedemptionService(
    IDbContextFactory<AppDbContext> dbFactory,
    HouseholdEvents events,
    TimeProvider time,
    AppMetrics metrics,
    HouseholdTexts householdTexts,
    ILogger<InviteRedemptionService> logger
)
{
    /// <summary>What the holder of a link sees. Never writes: link previewers and mail scanners fetch links.</summary>
    public async Task<InviteLookup> LookupAsync(string? token, string? userId, CancellationToken ct = default)
    {
        var hash = InviteToken.TryHash(token);
        return hash is null ? InviteLookup.Malformed : await FindAsync(hash, userId, ct);
    }

    private async Task<InviteLookup> FindAsync(byte[] hash, string? userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await LookupQuery(db, hash, userId);
        if (row is null)
        {
            return InviteLookup.Unknown;
        }

        var details = new InviteDetails(
            row.Id,
            row.HouseholdId,
            row.HouseholdName,
            row.InvitedBy ?? householdTexts.FormerMember,
            row.Role,
            row.ExpiresAt
        );
        var state =
            row.IsMember ? InviteState.AlreadyMember
            : InviteStates.Of(row.RevokedAt, row.UseCount, row.MaxUses, row.ExpiresAt, time.GetUtcNow())
                is var s
                    and not InviteState.Valid
                ? s
            : !row.Bound ? InviteState.Valid
            : userId is null ? InviteState.SignInRequired
            : row.BoundToViewer ? InviteState.Valid
            : InviteState.WrongAccount;
        return new InviteLookup(state, details);
    }

    /// <summary>Compiled once: landing pages and previews are the hottest path.</summary>
    private static readonly Func<AppDbContext, byte[], string?, Task<LookupRow?>> LookupQuery = EF.CompileAsyncQuery(
        (AppDbContext db, byte[] hash, string? userId) =>
            db
                .Invites.AsNoTracking()
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
                    userId != null
                        && db.Users.Any(u => u.Id == userId && u.EmailConfirmed && u.NormalizedEmail == i.BoundEmail)
                ))
                .SingleOrDefault()
    );

    private sealed record LookupRow(
        Guid Id,
        Guid HouseholdId,
        string HouseholdName,
        string? InvitedBy,
        HouseholdRole Role,
        DateTimeOffset ExpiresAt,
        DateTimeOffset? RevokedAt,
        int UseCount,
        int MaxUses,
        bool IsMember,
        bool Bound,
        bool BoundToViewer
    );

    /// <summary>A signed-in user joins through a link: exactly once, whatever the concurrency.</summary>
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
            return new JoinOutcome.Refused(InviteState.Malformed);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RedeemAsync(db, hash, userId, createAccount: null, ct);
    }

    /// <summary>
    /// The redemption, for every caller. In one transaction: the claim (one conditional UPDATE, which also refuses a
    /// member and a link bound to another account), the account when <paramref name="createAccount"/> is given (it
    /// answers null on success, or why not), the membership, the redemption record and the activity entry. After the
    /// commit, and only then, the owner's pages hear of it. Any failure rolls everything back: no orphan account, no
    /// burnt invite. <paramref name="db"/> is the context the account is created through, when there is one.
    /// </summary>
    internal async Task<JoinOutcome> RedeemAsync(
        AppDbContext db,
        byte[] hash,
        string userId,
        Func<Task<JoinOutcome?>>? createAccount,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        Claim? claim;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            try
            {
                claim = (
                    await db
                        .Database.SqlQueryRaw<Claim>(
                            InviteRules.ClaimSql,
                            new NpgsqlParameter("hash", hash),
                            new NpgsqlParameter("now", now),
                            new NpgsqlParameter("user", userId)
                        )
                        .ToListAsync(ct)
                ).SingleOrDefault();
                if (claim is not null)
                {
                    if (createAccount is not null && await createAccount() is { } failed)
                    {
                        await transaction.RollbackAsync(ct);
                        db.ChangeTracker.Clear();
                        return failed;
                    }

                    var role = Enum.Parse<HouseholdRole>(claim.Role);
                    db.Memberships.Add(
                        new Membership
                        {
                            Id = Guid.CreateVersion7(now),
                            HouseholdId = claim.HouseholdId,
                            UserId = userId,
                            Role = role,
                            JoinedAt = now,
                        }
                    );
                    db.InviteRedemptions.Add(
                        new InviteRedemption
                        {
                            Id = Guid.CreateVersion7(now),
                            InviteId = claim.Id,
                            UserId = userId,
                            RedeemedAt = now,
                        }
                    );
                    await ActivityLog.RecordAsync(
                        db,
                        claim.HouseholdId,
                        ActivityKind.Joined,
                        now,
                        ct,
                        actorUserId: userId,
                        inviteId: claim.Id,
                        role: role
                    );
                    await transaction.CommitAsync(ct);
                }
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation(ConstraintNames.MembershipUnique))
            {
                // The same person's concurrent redemption committed first; this one rolls back, and the look-up below
                // sees it.
                claim = null;
            }
        }

        if (claim is null)
        {
            db.ChangeTracker.Clear();
            return new JoinOutcome.Refused(await ClassifyAsync(hash, createAccount is null ? userId : null, ct));
        }

        LogInviteRedeemed(claim.Id, claim.HouseholdId, userId);
        events.Publish(claim.HouseholdId);
        return new JoinOutcome.Joined(claim.HouseholdId, userId, claim.Id);
    }

    private sealed record Claim(Guid Id, Guid HouseholdId, string Role);

    /// <summary>
    /// Why a claim found nothing: read after the claiming transaction ended, so it sees the winners' commits.
    /// Usable again by now (a concurrent claim rolled back): still reported as used rather than retried here.
    /// </summary>
    private async Task<InviteState> ClassifyAsync(byte[] hash, string? userId, CancellationToken ct)
    {
        var state = (await FindAsync(hash, userId, ct)).State;
        return state == InviteState.Valid ? InviteState.Used : state;
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Invite {InviteId} redeemed: user {UserId} joined household {HouseholdId}"
    )]
    private partial void LogInviteRedeemed(Guid inviteId, Guid householdId, string userId);
}
