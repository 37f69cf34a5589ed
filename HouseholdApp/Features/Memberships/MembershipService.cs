using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Features.Memberships;

/// <summary>
/// Changes to who belongs to a household and with which role. Every change runs in one transaction that
/// first locks the household row, so concurrent changes to one household happen one after another and the
/// "at least one owner" rule is checked against what is really there.
/// </summary>
public sealed class MembershipService(IDbContextFactory<AppDbContext> dbFactory, HouseholdEvents events, TimeProvider time)
{
    public static readonly Error UnauthorizedError = Error.Unauthenticated;

    public static readonly Error ForbiddenError =
        Error.Forbidden("forbidden", "Only owners of this household can manage its members.");

    public static readonly Error MemberNotFoundError =
        Error.NotFound("member_not_found", "This person is not a member of this household.");

    public static readonly Error InvalidRoleError =
        Error.Validation("invalid_role", "The role must be \"Owner\" or \"Member\".", "role");

    public static readonly Error TransferToSelfError =
        Error.Validation("invalid_transfer", "You already own this household. Choose another member to hand it over to.", "userId");

    public const string MakeSomeoneElseOwner = "Make someone else an owner first.";

    public Task<Result<Unit>> RemoveMemberAsync(string? actorUserId, Guid householdId, string memberUserId, CancellationToken ct = default) =>
        ChangeAsync<Unit>(actorUserId, householdId, ct, async (db, actor) =>
        {
            if (actor.Role != HouseholdRole.Owner)
            {
                return ForbiddenError;
            }

            var target = await FindMembershipAsync(db, householdId, memberUserId, ct);
            if (target is null)
            {
                return MemberNotFoundError;
            }

            if (target.Role == HouseholdRole.Owner && await CountOwnersAsync(db, householdId, ct) <= 1)
            {
                return LastOwner($"You are the only owner of this household, so you can't remove yourself. {MakeSomeoneElseOwner}");
            }

            await db.Memberships.Where(m => m.Id == target.Id).ExecuteDeleteAsync(ct);
            await RevokeInvitesCreatedByAsync(db, householdId, target.UserId, actor.UserId, ownerInvitesOnly: false, ct);
            return Unit.Value;
        });

    public Task<Result<MemberInfo>> ChangeRoleAsync(
        string? actorUserId, Guid householdId, string memberUserId, HouseholdRole newRole, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(newRole))
        {
            return Task.FromResult<Result<MemberInfo>>(InvalidRoleError);
        }

        return ChangeAsync<MemberInfo>(actorUserId, householdId, ct, async (db, actor) =>
        {
            if (actor.Role != HouseholdRole.Owner)
            {
                return ForbiddenError;
            }

            var target = await FindMembershipAsync(db, householdId, memberUserId, ct);
            if (target is null)
            {
                return MemberNotFoundError;
            }

            if (target.Role == HouseholdRole.Owner && newRole == HouseholdRole.Member && await CountOwnersAsync(db, householdId, ct) <= 1)
            {
                return LastOwner($"You are the only owner of this household, so you can't become a member. {MakeSomeoneElseOwner}");
            }

            if (target.Role != newRole)
            {
                await db.Memberships.Where(m => m.Id == target.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, newRole), ct);
                if (newRole == HouseholdRole.Member)
                {
                    await RevokeInvitesCreatedByAsync(db, householdId, target.UserId, actor.UserId, ownerInvitesOnly: true, ct);
                }
            }

            return await db.Memberships
                .Where(m => m.Id == target.Id)
                .SelectMemberInfo(db)
                .SingleAsync(ct);
        });
    }

    /// <summary>The acting owner makes <paramref name="newOwnerUserId"/> an owner and becomes a member, both or neither.</summary>
    public Task<Result<Unit>> TransferOwnershipAsync(string? actorUserId, Guid householdId, string newOwnerUserId, CancellationToken ct = default) =>
        ChangeAsync<Unit>(actorUserId, householdId, ct, async (db, actor) =>
        {
            if (actor.Role != HouseholdRole.Owner)
            {
                return ForbiddenError;
            }

            if (newOwnerUserId == actor.UserId)
            {
                return TransferToSelfError;
            }

            var target = await FindMembershipAsync(db, householdId, newOwnerUserId, ct);
            if (target is null)
            {
                return MemberNotFoundError;
            }

            await db.Memberships.Where(m => m.Id == target.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, HouseholdRole.Owner), ct);
            await db.Memberships.Where(m => m.Id == actor.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, HouseholdRole.Member), ct);
            await RevokeInvitesCreatedByAsync(db, householdId, actor.UserId, actor.UserId, ownerInvitesOnly: true, ct);
            return Unit.Value;
        });

    public Task<Result<Unit>> LeaveAsync(string? actorUserId, Guid householdId, CancellationToken ct = default) =>
        ChangeAsync<Unit>(actorUserId, householdId, ct, async (db, actor) =>
        {
            if (actor.Role == HouseholdRole.Owner && await CountOwnersAsync(db, householdId, ct) <= 1)
            {
                var alone = !await db.Memberships.AnyAsync(m => m.HouseholdId == householdId && m.Id != actor.Id, ct);
                return LastOwner(alone
                    ? "You are the only member and owner of this household, so you can't leave it. Invite someone, then make them an owner first."
                    : $"You are the only owner of this household, so you can't leave it. {MakeSomeoneElseOwner}");
            }

            await db.Memberships.Where(m => m.Id == actor.Id).ExecuteDeleteAsync(ct);
            await RevokeInvitesCreatedByAsync(db, householdId, actor.UserId, actor.UserId, ownerInvitesOnly: false, ct);
            return Unit.Value;
        });

    /// <summary>
    /// An invite can never grant more than its creator holds (SPEC section 2): when someone leaves or is removed,
    /// the links they handed out stop working; when an owner becomes a member, their owner links do. The other
    /// owners see these links as revoked.
    /// </summary>
    private async Task RevokeInvitesCreatedByAsync(
        AppDbContext db, Guid householdId, string creatorUserId, string revokedByUserId, bool ownerInvitesOnly, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await db.Invites
            .Where(i => i.HouseholdId == householdId && i.CreatedByUserId == creatorUserId && i.RevokedAt == null
                && (!ownerInvitesOnly || i.Role == HouseholdRole.Owner))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now).SetProperty(i => i.RevokedByUserId, revokedByUserId), ct);
    }

    private static Error LastOwner(string message) => Error.Conflict("last_owner", message);

    /// <summary>Runs <paramref name="change"/> for a signed-in member of the household inside one transaction holding the household row lock.</summary>
    private async Task<Result<T>> ChangeAsync<T>(
        string? actorUserId, Guid householdId, CancellationToken ct, Func<AppDbContext, Membership, Task<Result<T>>> change)
    {
        Result<T> result;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);

            // Two owners demoting each other at once would each count two owners and leave none: the household
            // lock makes the second change wait, and it then counts what the first committed.
            var locked = await HouseholdAccess.LockAsync(db, householdId, actorUserId, HouseholdRole.Member, ForbiddenError, ct);
            if (!locked.IsSuccess)
            {
                return locked.Error!;
            }

            var actor = locked.Value!;
            result = await change(db, actor);
            if (!result.IsSuccess)
            {
                return result;
            }

            await transaction.CommitAsync(ct);
        }

        events.Publish(householdId);
        return result;
    }

    private static Task<Membership?> FindMembershipAsync(AppDbContext db, Guid householdId, string userId, CancellationToken ct) =>
        db.Memberships.AsNoTracking().SingleOrDefaultAsync(m => m.HouseholdId == householdId && m.UserId == userId, ct);

    private static Task<int> CountOwnersAsync(AppDbContext db, Guid householdId, CancellationToken ct) =>
        db.Memberships.CountAsync(m => m.HouseholdId == householdId && m.Role == HouseholdRole.Owner, ct);
}
