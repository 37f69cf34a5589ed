using HouseholdApp.Data;
using HouseholdApp.Features.Accounts;
using HouseholdApp.Features.Memberships;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Admin;

/// <summary>An account as the admin page lists it.</summary>
public sealed record AdminAccount(
    string Id,
    string Email,
    string DisplayName,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastSignInAt,
    IReadOnlyList<string> Households,
    bool Locked,
    bool IsAdmin
);

/// <summary>The accounts of the instance, for its administrators: listed, locked and unlocked.</summary>
public sealed class AdminAccounts(
    IDbContextFactory<AppDbContext> dbFactory,
    UserManager<ApplicationUser> users,
    AccountDeletionService deletion,
    IOptions<AdminOptions> admins,
    AdminTexts texts,
    TimeProvider time
)
{
    /// <summary>How many accounts the page lists at once; a search narrows them.</summary>
    public const int PageSize = 100;

    public const int SearchMaxLength = 256;

    /// <summary>The newest accounts first (those from before the app recorded it, last), filtered by a part of the
    /// address or the name; and how many there are in all.</summary>
    public async Task<(IReadOnlyList<AdminAccount> Accounts, int Total)> ListAsync(
        string? search,
        CancellationToken ct = default
    )
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Users.AsNoTracking();
        if (search?.Trim() is { Length: > 0 } term)
        {
            var upper = term.ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(upper) || u.DisplayName.ToUpper().Contains(upper));
        }

        var total = await query.CountAsync(ct);
        var ordered = query
            .OrderByDescending(u => u.CreatedAt.HasValue)
            .ThenByDescending(u => u.CreatedAt)
            .ThenBy(u => u.NormalizedEmail)
            .Take(PageSize);
        return (await ProjectAsync(db, ordered, ct), total);
    }

    public async Task<AdminAccount?> FindAsync(string? userId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await ProjectAsync(db, db.Users.Where(u => u.Id == userId), ct)).FirstOrDefault();
    }

    private async Task<IReadOnlyList<AdminAccount>> ProjectAsync(
        AppDbContext db,
        IQueryable<ApplicationUser> accounts,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        var rows = await accounts
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.DisplayName,
                u.CreatedAt,
                u.LastSignInAt,
                Locked = u.LockoutEnd != null && u.LockoutEnd > now,
                Households = db
                    .Memberships.Where(m => m.UserId == u.Id)
                    .OrderBy(m => m.Household!.Name)
                    .Select(m => m.Household!.Name)
                    .ToList(),
            })
            .AsNoTracking()
            .ToListAsync(ct);
        return rows.Select(r => new AdminAccount(
                r.Id,
                r.Email ?? "",
                r.DisplayName,
                r.CreatedAt,
                r.LastSignInAt,
                r.Households,
                r.Locked,
                admins.Value.IsAdmin(r.Email)
            ))
            .ToList();
    }

    /// <summary>Locks an account until an administrator unlocks it, and ends all its sessions.</summary>
    public async Task<AdminChange> LockAsync(string userId)
    {
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return Gone;
        }

        if (admins.Value.IsAdmin(user.Email))
        {
            return AdminChange.Refused(texts.AdministratorNotLocked);
        }

        user.LockoutEnabled = true;
        user.LockoutEnd = LockedByAdministrator;
        // One update: the lock and a new security stamp, which ends every session of the account.
        var result = await users.UpdateSecurityStampAsync(user);
        return result.Succeeded ? AdminChange.Done(texts.AccountLocked(user.Email ?? "")) : Conflict;
    }

    public async Task<AdminChange> UnlockAsync(string userId)
    {
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return Gone;
        }

        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        var result = await users.UpdateAsync(user);
        return result.Succeeded ? AdminChange.Done(texts.AccountUnlocked(user.Email ?? "")) : Conflict;
    }

    /// <summary>Deletes an account as its owner could (<see cref="AccountDeletionService"/>).</summary>
    public async Task<AdminChange> DeleteAsync(string userId)
    {
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return Gone;
        }

        if (admins.Value.IsAdmin(user.Email))
        {
            return AdminChange.Refused(texts.AdministratorNotDeleted);
        }

        return await deletion.DeleteAsync(userId) switch
        {
            AccountDeletionOutcome.Deleted => AdminChange.Done(texts.AccountDeleted(user.Email ?? "")),
            AccountDeletionOutcome.SoleOwner sole => AdminChange.Refused(
                texts.AccountSoleOwner(user.Email ?? "", string.Join(", ", sole.Households.Select(h => h.Name)))
            ),
            _ => Gone,
        };
    }

    private AdminChange Gone => AdminChange.Refused(texts.AccountGone);

    private AdminChange Conflict => AdminChange.Refused(texts.AccountChanged);

    /// <summary>Whether an administrator locked the account (not a run of wrong passwords).</summary>
    public static bool IsLockedByAdministrator(ApplicationUser user) => user.LockoutEnd == LockedByAdministrator;

    /// <summary>An administrator's lock has no end: a run of wrong passwords locks for minutes.</summary>
    private static readonly DateTimeOffset LockedByAdministrator = DateTimeOffset.MaxValue;
}

/// <summary>What the admin page says after a change: done, or why not.</summary>
public sealed record AdminChange(string Message, bool Failed)
{
    public static AdminChange Done(string message) => new(message, false);

    public static AdminChange Refused(string message) => new(message, true);
}
