using System.Security.Claims;
using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Activity;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Features.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HouseholdApp.Features.Accounts;

/// <summary>A household the person owns alone while others live in it: it needs another owner first.</summary>
public sealed record OwnedHousehold(Guid Id, string Name);

/// <summary>One of the person's households as deletion sees it: their role, how many members and owners it
/// has.</summary>
public sealed record HouseholdStanding(Guid HouseholdId, string Name, HouseholdRole Role, int Members, int Owners)
{
    /// <summary>Deleting the account would leave others without an owner: refused until someone else owns it.</summary>
    public bool BlocksDeletion => Role == HouseholdRole.Owner && Owners == 1 && Members > 1;

    /// <summary>Nobody else lives here: the household goes with the account.</summary>
    public bool GoesWithAccount => Members == 1;

    public static Task<List<HouseholdStanding>> ListAsync(AppDbContext db, string userId, CancellationToken ct) =>
        db
            .Memberships.Where(m => m.UserId == userId)
            .Select(m => new HouseholdStanding(
                m.HouseholdId,
                m.Household!.Name,
                m.Role,
                db.Memberships.Count(o => o.HouseholdId == m.HouseholdId),
                db.Memberships.Count(o => o.HouseholdId == m.HouseholdId && o.Role == HouseholdRole.Owner)
            ))
            .ToListAsync(ct);

    public static IReadOnlyList<OwnedHousehold> Blocking(IEnumerable<HouseholdStanding> households) =>
        [
            .. households
                .Where(h => h.BlocksDeletion)
                .OrderBy(h => h.Name, StringComparer.CurrentCulture)
                .Select(h => new OwnedHousehold(h.HouseholdId, h.Name)),
        ];
}

/// <summary>What the delete page shows before anything is asked: whether a password is needed, and what blocks
/// it.</summary>
public sealed class AccountDeletionCheck(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<(bool HasPassword, IReadOnlyList<HouseholdStanding> Households)> CheckAsync(
        string userId,
        CancellationToken ct = default
    )
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hasPassword = await db.Users.AnyAsync(u => u.Id == userId && u.PasswordHash != null, ct);
        return (hasPassword, await HouseholdStanding.ListAsync(db, userId, ct));
    }
}

/// <summary>What asking to delete an account came to.</summary>
public abstract record AccountDeletionOutcome
{
    private AccountDeletionOutcome() { }

    public sealed record Deleted : AccountDeletionOutcome;

    /// <summary>The account has a password, and the one given was missing or wrong.</summary>
    public sealed record WrongPassword : AccountDeletionOutcome;

    /// <summary>Too many wrong passwords: the account is locked for a few minutes.</summary>
    public sealed record LockedOut : AccountDeletionOutcome;

    /// <summary>An account without a password whose session signed in too long ago.</summary>
    public sealed record SignInTooOld : AccountDeletionOutcome;

    public sealed record SoleOwner(IReadOnlyList<OwnedHousehold> Households) : AccountDeletionOutcome;

    /// <summary>No signed-in account (or it is already gone).</summary>
    public sealed record NotSignedIn : AccountDeletionOutcome;
}

/// <summary>
/// Deletes the signed-in account, after the person proves it is them: their password, or (without one) a sign-in of
/// the last <see cref="RecentSignIn"/>. Everything happens in one transaction, or nothing does.
/// </summary>
public sealed class AccountDeletionService(
    UserManager<ApplicationUser> users,
    IDbContextFactory<AppDbContext> dbFactory,
    UserSessions sessions,
    HouseholdEvents events,
    TimeProvider time
)
{
    public static readonly TimeSpan RecentSignIn = TimeSpan.FromMinutes(5);

    private const int MaxAttempts = 5;

    public async Task<AccountDeletionOutcome> DeleteAccountAsync(
        ClaimsPrincipal principal,
        string? password,
        CancellationToken ct = default
    )
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return new AccountDeletionOutcome.NotSignedIn();
        }

        return await ReauthenticateAsync(user, principal, password, ct) ?? await DeleteAsync(user.Id, ct);
    }

    /// <summary>Deletes an account without asking for its password: for the instance's administrators. The same rules
    /// hold (a sole owner of a household others live in is refused).</summary>
    public async Task<AccountDeletionOutcome> DeleteAsync(string userId, CancellationToken ct = default)
    {
        // A concurrent change (a join, a promotion) can make the first attempt see a stale picture; it then starts
        // over.
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                if (await TryDeleteAsync(userId, ct) is { } outcome)
                {
                    return outcome;
                }
            }
            catch (PostgresException e)
                when (attempt < MaxAttempts
                    && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                )
            {
                // Another change to one of these households won the race; try again with what it committed.
            }
        }

        throw new InvalidOperationException($"The account's households kept changing for {MaxAttempts} attempts.");
    }

    private async Task<AccountDeletionOutcome?> ReauthenticateAsync(
        ApplicationUser user,
        ClaimsPrincipal principal,
        string? password,
        CancellationToken ct
    )
    {
        if (!await users.HasPasswordAsync(user))
        {
            var signedInAt = await sessions.SignedInAtAsync(principal, ct);
            return signedInAt >= time.GetUtcNow() - RecentSignIn ? null : new AccountDeletionOutcome.SignInTooOld();
        }

        if (await users.IsLockedOutAsync(user))
        {
            return new AccountDeletionOutcome.LockedOut();
        }

        if (string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(user, password))
        {
            // Counted like a failed sign-in, so a borrowed session cannot guess the password for long.
            await users.AccessFailedAsync(user);
            return new AccountDeletionOutcome.WrongPassword();
        }

        await users.ResetAccessFailedCountAsync(user);
        return null;
    }

    /// <summary>One attempt; null when the person's households changed between locking them and locking the
    /// account.</summary>
    private async Task<AccountDeletionOutcome?> TryDeleteAsync(string userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Households first, as every other change locks them; FOR UPDATE also waits for people joining them. Then the
        // account: once it is locked, nobody can join, create or be made anything with it until this commits.
        var locked = await db
            .Database.SqlQuery<Guid>(
                $"""
                SELECT h.id AS "Value" FROM households h JOIN memberships m ON m.household_id = h.id
                WHERE m.user_id = {userId} ORDER BY h.id FOR UPDATE OF h
                """
            )
            .ToListAsync(ct);
        var account = await db
            .Database.SqlQuery<string>(
                $"""
                SELECT email AS "Value" FROM users WHERE id = {userId} FOR UPDATE
                """
            )
            .ToListAsync(ct);
        if (account.Count == 0)
        {
            return new AccountDeletionOutcome.NotSignedIn();
        }

        var households = await HouseholdStanding.ListAsync(db, userId, ct);
        if (!households.Select(h => h.HouseholdId).ToHashSet().SetEquals(locked))
        {
            return null;
        }

        if (HouseholdStanding.Blocking(households) is { Count: > 0 } blocking)
        {
            return new AccountDeletionOutcome.SoleOwner(blocking);
        }

        var now = time.GetUtcNow();
        var alone = households.Where(h => h.GoesWithAccount).Select(h => h.HouseholdId).ToList();
        await db.Households.Where(h => alone.Contains(h.Id)).ExecuteDeleteAsync(ct);
        foreach (var shared in households.Where(h => !h.GoesWithAccount))
        {
            await InviteRevocations.RevokeCreatedByAsync(
                db,
                shared.HouseholdId,
                userId,
                ownerLinksOnly: false,
                userId,
                InviteRevokedReason.CreatorLeft,
                now,
                ct
            );
            await ActivityLog.RecordAsync(db, shared.HouseholdId, ActivityKind.Left, now, ct, actorUserId: userId);
        }

        // Mail to the address holds its codes and links; mail the person sent others names them (removed with them).
        await db.Database.ExecuteSqlAsync($"DELETE FROM email_outbox WHERE lower(\"to\") = lower({account[0]})", ct);
        var sessionIds = await db.Set<UserSession>().Where(s => s.UserId == userId).Select(s => s.Id).ToListAsync(ct);
        // The rest goes with the account row: logins, passkeys, tokens, claims, sessions, memberships, redemptions and
        // sent mail by cascade; activity and links keep their entries without the person (set null).
        await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);

        sessions.Forget(sessionIds);
        foreach (var household in households)
        {
            events.Publish(household.HouseholdId);
        }

        return new AccountDeletionOutcome.Deleted();
    }
}
