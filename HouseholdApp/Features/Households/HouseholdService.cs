using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Memberships;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Features.Households;

public sealed record HouseholdSummary(Guid Id, string Name, HouseholdRole Role, int MemberCount);

public sealed record HouseholdDetails(Guid Id, string Name, DateTimeOffset CreatedAt, HouseholdRole MyRole);

/// <param name="InvitedBy">The display name of whoever created the link this member last joined through (null for the
/// founder or members added otherwise).</param>
/// <param name="DisplayName">How the member is shown.</param>
public sealed record MemberInfo(
    string UserId,
    string Email,
    HouseholdRole Role,
    DateTimeOffset JoinedAt,
    string? InvitedBy = null,
    string DisplayName = ""
);

public sealed partial class HouseholdService(
    IDbContextFactory<AppDbContext> dbFactory,
    HouseholdAccess access,
    HouseholdEvents events,
    HouseholdTexts texts,
    SharedTexts shared,
    TimeProvider time,
    ILogger<HouseholdService> logger
)
{
    /// <summary>Trims and checks a household name (<see cref="NameRules.HouseholdName"/>); blank is refused.</summary>
    public Result<string> ValidateName(string? name)
    {
        var (trimmed, error) = NameRules.HouseholdName.Check(name, shared);
        if (trimmed is null)
        {
            return Error.Validation("invalid_name", error ?? texts.HouseholdNameRequired, "name");
        }

        return trimmed;
    }

    public async Task<Result<HouseholdSummary>> CreateHouseholdAsync(
        string userId,
        string? name,
        CancellationToken ct = default
    )
    {
        var validName = ValidateName(name);
        if (!validName.IsSuccess)
        {
            return validName.Error!;
        }

        var now = time.GetUtcNow();
        var household = new Household
        {
            Id = Guid.CreateVersion7(now),
            Name = validName.Value!,
            CreatedAt = now,
        };
        household.Memberships.Add(
            new Membership
            {
                Id = Guid.CreateVersion7(now),
                UserId = userId,
                Role = HouseholdRole.Owner,
                JoinedAt = now,
            }
        );

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Households.Add(household);
        await db.SaveChangesAsync(ct);
        return new HouseholdSummary(household.Id, household.Name, HouseholdRole.Owner, 1);
    }

    public async Task<IReadOnlyList<HouseholdSummary>> ListMyHouseholdsAsync(
        string userId,
        CancellationToken ct = default
    )
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db
            .Memberships.Where(m => m.UserId == userId)
            .OrderBy(m => m.Household!.Name)
            .ThenBy(m => m.HouseholdId)
            .Select(m => new HouseholdSummary(m.HouseholdId, m.Household!.Name, m.Role, m.Household.Memberships.Count))
            .ToListAsync(ct);
    }

    /// <summary>The household as its member sees it; not found (revealing nothing) for anyone else.</summary>
    public async Task<Result<HouseholdDetails>> GetHouseholdAsync(
        string userId,
        Guid householdId,
        CancellationToken ct = default
    )
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var details = await db
            .Memberships.Where(m => m.HouseholdId == householdId && m.UserId == userId)
            .Select(m => new HouseholdDetails(m.HouseholdId, m.Household!.Name, m.Household.CreatedAt, m.Role))
            .SingleOrDefaultAsync(ct);
        return details is null ? texts.HouseholdNotFound : details;
    }

    /// <summary>Whether the household still exists, for a page whose viewer was a member: "deleted" rather than
    /// "removed".</summary>
    public async Task<bool> ExistsAsync(Guid householdId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Households.AnyAsync(h => h.Id == householdId, ct);
    }

    public async Task<Result<IReadOnlyList<MemberInfo>>> ListMembersAsync(
        string userId,
        Guid householdId,
        CancellationToken ct = default
    )
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var isMember = await db.Memberships.AnyAsync(m => m.HouseholdId == householdId && m.UserId == userId, ct);
        if (!isMember)
        {
            return texts.HouseholdNotFound;
        }

        var members = await db
            .Memberships.Where(m => m.HouseholdId == householdId)
            .OrderBy(m => m.Role == HouseholdRole.Owner ? 0 : 1)
            .ThenBy(m => m.JoinedAt)
            .SelectMemberInfo(db)
            .ToListAsync(ct);
        return members;
    }

    /// <summary>Owners rename the household; the name follows the rule of <see cref="ValidateName"/>.</summary>
    public async Task<Result<HouseholdSummary>> RenameAsync(
        string? actorUserId,
        Guid householdId,
        string? name,
        CancellationToken ct = default
    )
    {
        var result = await access.ChangeAsync<HouseholdSummary>(
            householdId,
            actorUserId,
            HouseholdRole.Owner,
            async (db, actor) =>
            {
                var validName = ValidateName(name);
                if (!validName.IsSuccess)
                {
                    return validName.Error!;
                }

                await db
                    .Households.Where(h => h.Id == householdId)
                    .ExecuteUpdateAsync(s => s.SetProperty(h => h.Name, validName.Value!), ct);
                var memberCount = await db.Memberships.CountAsync(m => m.HouseholdId == householdId, ct);
                return new HouseholdSummary(householdId, validName.Value!, actor.Role, memberCount);
            },
            ct
        );
        if (result.IsSuccess)
        {
            events.Publish(householdId);
        }

        return result;
    }

    /// <summary>
    /// Owners delete the household. Its memberships, invites (token hashes included), redemption records and activity
    /// go with it (foreign keys cascade), so its links then answer like links that never existed. Open pages of the
    /// household are told, and find it gone.
    /// </summary>
    public async Task<Result<Unit>> DeleteAsync(string? actorUserId, Guid householdId, CancellationToken ct = default)
    {
        var result = await access.ChangeAsync<Unit>(
            householdId,
            actorUserId,
            HouseholdRole.Owner,
            async (db, _) =>
            {
                await db.Households.Where(h => h.Id == householdId).ExecuteDeleteAsync(ct);
                return Unit.Value;
            },
            ct
        );
        if (result.IsSuccess)
        {
            LogHouseholdDeleted(householdId, actorUserId!);
            events.Publish(householdId);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Household {HouseholdId} deleted by {UserId}")]
    private partial void LogHouseholdDeleted(Guid householdId, string userId);
}

internal static class MemberQueries
{
    /// <summary>Members as pages and the API show them, with whose link each joined through.</summary>
    internal static IQueryable<MemberInfo> SelectMemberInfo(this IQueryable<Membership> memberships, AppDbContext db) =>
        memberships.Select(m => new MemberInfo(
            m.UserId,
            m.User!.Email ?? "",
            m.Role,
            m.JoinedAt,
            db.InviteRedemptions.Where(r => r.UserId == m.UserId && r.Invite!.HouseholdId == m.HouseholdId)
                .OrderByDescending(r => r.RedeemedAt)
                .Select(r => r.Invite!.CreatedBy!.DisplayName)
                .FirstOrDefault(),
            m.User.DisplayName
        ));
}
