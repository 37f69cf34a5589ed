using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Activity;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Features.Memberships;

/// <summary>
/// Changes to who belongs to a household and with which role. Every change runs in one transaction that
/// first locks the household row, so concurrent changes to one household happen one after another and the
/// "at least one owner" rule is checked against what is really there.
/// </summary>
/// <summary>A change to a membership that revokes links its person made (see <see
/// cref="MembershipService.CountLinksRevokedByAsync"/>).</summary>
public enum MemberChange
{
    Leave,
    Remove,

    /// <summary>From owner to member: a role change or handing over ownership.</summary>
    StepDown,
}

public sealed class MembershipService(
    IDbContextFactory<AppDbContext> dbFactory,
    HouseholdAccess access,
    HouseholdEvents events,
    HouseholdTexts texts,
    SharedTexts shared,
    TimeProvider time
)
{
    public Task<Result<Unit>> RemoveMemberAsync(
        string? actorUserId,
        Guid householdId,
        string memberUserId,
        CancellationToken ct = default
    ) => ChangeAsync<Unit>(actorUserId, householdId, ct, async (db, actor) =>
        {
            if (actor.Role != HouseholdRole.Owner)
            {
                return shared.OwnersOnly;
            }

            var target = await FindMembershipAsync(db, householdId, memberUserId, ct);
            if (target is null)
            {
                return texts.MemberNotFound;
            }

            if (target.Role == HouseholdRole.Owner && await CountOwnersAsync(db, householdId, ct) <= 1)
            {
                return LastOwner(texts.LastOwnerCannotRemoveSelf);
            }

            var now = time.GetUtcNow();
            await db.Memberships.Where(m => m.Id == target.Id).ExecuteDeleteAsync(ct);
            await InviteRevocations.RevokeCreatedByAsync(
                db,
                householdId,
                target.UserId,
                ownerLinksOnly: false,
                actor.UserId,
                InviteRevokedReason.CreatorRemoved,
                now,
                ct
            );
            await ActivityLog.RecordAsync(
                db,
                householdId,
                ActivityKind.Removed,
                now,
                ct,
                actorUserId: actor.UserId,
                subjectUserId: target.UserId
            );
            return Unit.Value;
        });

    public Task<Result<MemberInfo>> ChangeRoleAsync(
        string? actorUserId,
        Guid householdId,
        string memberUserId,
        HouseholdRole newRole,
        CancellationToken ct = default
    )
    {
        if (!Enum.IsDefined(newRole))
        {
            return Task.FromResult<Result<MemberInfo>>(texts.InvalidRole);
        }

        return ChangeAsync<MemberInfo>(actorUserId, householdId, ct, async (db, actor) =>
        {
            if (actor.Role != HouseholdRole.Owner)
            {
                return shared.OwnersOnly;
            }

            var target = await FindMembershipAsync(db, householdId, memberUserId, ct);
            if (target is null)
            {
                return texts.MemberNotFound;
            }

            if (
                target.Role == HouseholdRole.Owner
                && newRole == HouseholdRole.Member
                && await CountOwnersAsync(db, householdId, ct) <= 1
            )
            {
                return LastOwner(texts.LastOwnerCannotStepDown);
            }

            if (target.Role != newRole)
            {
                var now = time.GetUtcNow();
                await db
                    .Memberships.Where(m => m.Id == target.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, newRole), ct);
                if (newRole == HouseholdRole.Member)
                {
                    await InviteRevocations.RevokeCreatedByAsync(
                        db,
                        householdId,
                        target.UserId,
                        ownerLinksOnly: true,
                        actor.UserId,
                        InviteRevokedReason.CreatorDemoted,
                        now,
                        ct
                    );
                }

                await ActivityLog.RecordAsync(
                    db,
                    householdId,
                    ActivityKind.RoleChanged,
                    now,
                    ct,
                    actorUserId: actor.UserId,
                    subjectUserId: target.UserId,
                    role: newRole
                );
            }

            return await db.Memberships.Where(m => m.Id == target.Id).SelectMemberInfo(db).SingleAsync(ct);
        });
    }

    /// <summary>The acting owner makes <paramref name="newOwnerUserId"/> an owner and becomes a member, both or
    /// neither.</summary>
    public Task<Result<Unit>> TransferOwnershipAsync(
        string? actorUserId,
        Guid householdId,
        string newOwnerUserId,
        CancellationToken ct = default
    ) => ChangeAsync<Unit>(actorUserId, householdId, ct, async (db, actor) =>
        {
            if (actor.Role != HouseholdRole.Owner)
            {
                return shared.OwnersOnly;
            }

            if (newOwnerUserId == actor.UserId)
            {
                return texts.TransferToSelf;
            }

            var target = await FindMembershipAsync(db, householdId, newOwnerUserId, ct);
            if (target is null)
            {
                return texts.MemberNotFound;
            }

            var now = time.GetUtcNow();
            await db
                .Memberships.Where(m => m.Id == target.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, HouseholdRole.Owner), ct);
            await db
                .Memberships.Where(m => m.Id == actor.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, HouseholdRole.Member), ct);
            await InviteRevocations.RevokeCreatedByAsync(
                db,
                householdId,
                actor.UserId,
                ownerLinksOnly: true,
                actor.UserId,
                InviteRevokedReason.CreatorDemoted,
                now,
                ct
            );
            if (target.Role != HouseholdRole.Owner)
            {
                await ActivityLog.RecordAsync(
                    db,
                    householdId,
                    ActivityKind.RoleChanged,
                    now,
                    ct,
                    actorUserId: actor.UserId,
                    subjectUserId: target.UserId,
                    role: HouseholdRole.Owner
                );
            }

            await ActivityLog.RecordAsync(
                db,
                householdId,
                ActivityKind.RoleChanged,
                now,
                ct,
                actorUserId: actor.UserId,
                subjectUserId: actor.UserId,
                role: HouseholdRole.Member
            );
            return Unit.Value;
        });

    public Task<Result<Unit>> LeaveAsync(string? actorUserId, Guid householdId, CancellationToken ct = default) =>
        ChangeAsync<Unit>(actorUserId, householdId, ct, async (db, actor) =>
        {
            if (actor.Role == HouseholdRole.Owner && await CountOwnersAsync(db, householdId, ct) <= 1)
            {
                var alone = !await db.Memberships.AnyAsync(m => m.HouseholdId == householdId && m.Id != actor.Id, ct);
                return LastOwner(alone ? texts.LastMemberCannotLeaveIt : texts.LastOwnerCannotLeaveIt);
            }

            var now = time.GetUtcNow();
            await db.Memberships.Where(m => m.Id == actor.Id).ExecuteDeleteAsync(ct);
            await InviteRevocations.RevokeCreatedByAsync(
                db,
                householdId,
                actor.UserId,
                ownerLinksOnly: false,
                actor.UserId,
                InviteRevokedReason.CreatorLeft,
                now,
                ct
            );
            await ActivityLog.RecordAsync(db, householdId, ActivityKind.Left, now, ct, actorUserId: actor.UserId);
            return Unit.Value;
        });

    /// <summary>
    /// How many pending links a change would revoke, for its confirmation: an invite never grants more than its creator
    /// holds (SPEC section 2), so leaving or being removed revokes all of a person's usable links, and stepping down to
    /// member revokes their owner links. Owners may ask about anyone; members only about their own leaving.
    /// </summary>
    public async Task<Result<int>> CountLinksRevokedByAsync(
        string? actorUserId,
        Guid householdId,
        string memberUserId,
        MemberChange change,
        CancellationToken ct = default
    )
    {
        if (string.IsNullOrEmpty(actorUserId))
        {
            return shared.Unauthenticated;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await FindMembershipAsync(db, householdId, actorUserId, ct);
        if (actor is null)
        {
            return texts.HouseholdNotFound;
        }

        if (actor.Role != HouseholdRole.Owner && (memberUserId != actorUserId || change != MemberChange.Leave))
        {
            return shared.OwnersOnly;
        }

        var ownerLinksOnly = change switch
        {
            MemberChange.Leave or MemberChange.Remove => false,
            MemberChange.StepDown => true,
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
        };
        return await InviteRevocations.CountCreatedByAsync(
            db,
            householdId,
            memberUserId,
            ownerLinksOnly,
            time.GetUtcNow(),
            ct
        );
    }

    private static Error LastOwner(string message) => Error.Conflict("last_owner", message);

    /// <summary>Runs <paramref name="change"/> for a signed-in member of the household inside one transaction holding
    /// the household row lock.</summary>
    private async Task<Result<T>> ChangeAsync<T>(
        string? actorUserId,
        Guid householdId,
        CancellationToken ct,
        Func<AppDbContext, Membership, Task<Result<T>>> change
    )
    {
        // Two owners demoting each other at once would each count two owners and leave none: the household lock
        // makes the second change wait, and it then counts what the first committed.
        var result = await access.ChangeAsync(householdId, actorUserId, HouseholdRole.Member, change, ct);
        if (result.IsSuccess)
        {
            events.Publish(householdId);
        }

        return result;
    }

    private static Task<Membership?> FindMembershipAsync(
        AppDbContext db,
        Guid householdId,
        string userId,
        CancellationToken ct
    ) =>
        db.Memberships.AsNoTracking().SingleOrDefaultAsync(m => m.HouseholdId == householdId && m.UserId == userId, ct);

    private static Task<int> CountOwnersAsync(AppDbContext db, Guid householdId, CancellationToken ct) =>
        db.Memberships.CountAsync(m => m.HouseholdId == householdId && m.Role == HouseholdRole.Owner, ct);
}
