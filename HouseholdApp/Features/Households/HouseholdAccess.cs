using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Memberships;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Features.Households;

/// <summary>
/// The one gate of every change to a household (its invites, its members, the household itself): lock the
/// household row, then check that the actor belongs with a sufficient role. Its refusals speak the reader's language:
/// sign in first, not found (revealing nothing), owners only.
/// </summary>
public sealed class HouseholdAccess(IDbContextFactory<AppDbContext> dbFactory, HouseholdTexts texts, SharedTexts shared)
{
    /// <summary>
    /// Runs <paramref name="change"/> in one transaction that first locks the household (see <see
    /// cref="AuthorizeAsync"/>); commits only when it succeeds. Callers tell open pages (HouseholdEvents) after it
    /// returns.
    /// </summary>
    public async Task<Result<T>> ChangeAsync<T>(
        Guid householdId,
        string? actorUserId,
        HouseholdRole minimumRole,
        Func<AppDbContext, Membership, Task<Result<T>>> change,
        CancellationToken ct
    )
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var actor = await AuthorizeAsync(db, householdId, actorUserId, minimumRole, lockHousehold: true, ct);
        if (!actor.IsSuccess)
        {
            return actor.Error!;
        }

        var result = await change(db, actor.Value!);
        if (result.IsSuccess)
        {
            await transaction.CommitAsync(ct);
        }

        return result;
    }

    /// <summary>Runs <paramref name="read"/> for an actor with at least <paramref name="minimumRole"/>, without a
    /// transaction or lock (reads never wait for changes).</summary>
    public async Task<Result<T>> ReadAsync<T>(
        Guid householdId,
        string? actorUserId,
        HouseholdRole minimumRole,
        Func<AppDbContext, Membership, Task<Result<T>>> read,
        CancellationToken ct
    )
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await AuthorizeAsync(db, householdId, actorUserId, minimumRole, lockHousehold: false, ct);
        return actor.IsSuccess ? await read(db, actor.Value!) : actor.Error!;
    }

    /// <summary>
    /// The actor's membership; with <paramref name="lockHousehold"/>, after locking the household row for the caller's
    /// transaction. Changes to one household therefore happen one after another and see what the one before committed
    /// (read committed), so rules such as "at least one owner" and the active-invite limit hold under concurrency. NO
    /// KEY UPDATE still admits the key-share locks of foreign-key checks, so people joining are not held up.
    /// Non-members and unknown households get the same not-found error, revealing nothing; members below <paramref
    /// name="minimumRole"/> are told only owners may.
    /// </summary>
    private async Task<Result<Membership>> AuthorizeAsync(
        AppDbContext db,
        Guid householdId,
        string? actorUserId,
        HouseholdRole minimumRole,
        bool lockHousehold,
        CancellationToken ct
    )
    {
        if (string.IsNullOrEmpty(actorUserId))
        {
            return shared.Unauthenticated;
        }

        if (lockHousehold)
        {
            // Two statements on purpose: a join locking only the household would read the actor's membership from the
            // snapshot taken before waiting for the lock, so a role changed meanwhile would go unnoticed.
            var locked = await db
                .Database.SqlQuery<Guid>(
                    $"SELECT id AS \"Value\" FROM households WHERE id = {householdId} FOR NO KEY UPDATE"
                )
                .ToListAsync(ct);
            if (locked.Count == 0)
            {
                return texts.HouseholdNotFound;
            }
        }

        var actor = await db
            .Memberships.AsNoTracking()
            .SingleOrDefaultAsync(m => m.HouseholdId == householdId && m.UserId == actorUserId, ct);
        if (actor is null)
        {
            return texts.HouseholdNotFound;
        }

        return HouseholdRoles.Rank(actor.Role) >= HouseholdRoles.Rank(minimumRole) ? actor : shared.OwnersOnly;
    }
}

/// <summary>Deleting a household is confirmed by typing its name.</summary>
public static class HouseholdDeletion
{
    /// <summary>True when <paramref name="typed"/> is the household's name (surrounding spaces ignored, letter case
    /// exact).</summary>
    public static bool ConfirmationMatches(string? typed, string householdName) =>
        string.Equals(typed?.Trim(), householdName, StringComparison.Ordinal);
}
