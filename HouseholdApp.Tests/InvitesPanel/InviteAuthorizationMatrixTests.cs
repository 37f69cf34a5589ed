using HouseholdApp.Common;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.InvitesPanel;

/// <summary>
/// The invites panel is only a view: the service is the guard. Every actor × every owner operation,
/// straight against <see cref="InviteManagementService"/> — only an owner gets through, and a refusal changes nothing.
/// </summary>
public sealed class InviteAuthorizationMatrixTests(TestEnvironment env)
{
    public enum Actor
    {
        Owner,
        Member,
        NonMember,
        Anonymous,
    }

    public enum Operation
    {
        Create,
        List,
        Revoke,
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<Actor, Operation> Matrix()
    {
        var data = new TheoryData<Actor, Operation>();
        foreach (var actor in Enum.GetValues<Actor>())
        {
            foreach (var operation in Enum.GetValues<Operation>())
            {
                data.Add(actor, operation);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task OnlyTheOwner_CanCreateListAndRevokeInvites_OthersAreRefusedAndNothingChanges(
        Actor actor,
        Operation operation
    )
    {
        var world = await ArrangeAsync();
        var actorId = actor switch
        {
            Actor.Owner => world.OwnerId,
            Actor.Member => world.MemberId,
            Actor.NonMember => world.StrangerId,
            Actor.Anonymous => null,
            _ => throw new ArgumentOutOfRangeException(nameof(actor)),
        };
        var before = await SnapshotAsync(world.HouseholdId);

        await using var scope = env.App.Services.CreateAsyncScope();
        var invites = scope.ServiceProvider.GetRequiredService<InviteManagementService>();
        Error? error = operation switch
        {
            Operation.Create => (
                await invites.CreateInviteAsync(
                    actorId,
                    world.HouseholdId,
                    new CreateInviteCommand("1d", 3, "Member"),
                    Ct
                )
            ).Error,
            Operation.List => await ListAndCheckAsync(invites, actorId, world),
            Operation.Revoke => (
                await invites.RevokeInviteAsync(actorId, world.HouseholdId, world.PendingInviteId, Ct)
            ).Error,
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        var after = await SnapshotAsync(world.HouseholdId);
        var expectedKind = actor switch
        {
            Actor.Owner => (ErrorKind?)null,
            Actor.Member => ErrorKind.Forbidden,
            Actor.NonMember => ErrorKind.NotFound,
            Actor.Anonymous => ErrorKind.Unauthorized,
            _ => throw new ArgumentOutOfRangeException(nameof(actor)),
        };
        if (expectedKind is { } kind)
        {
            error.ShouldNotBeNull($"{actor} must not be able to {operation}");
            error.Kind.ShouldBe(kind, $"{actor} {operation}: {error.Code}");
            after.ShouldBe(before, $"a refused {operation} by {actor} changed the invites");
            return;
        }

        error.ShouldBeNull($"the owner's {operation} failed: {error?.Code}");
        switch (operation)
        {
            case Operation.Create:
                after.Count.ShouldBe(before.Count + 1);
                break;
            case Operation.List:
                after.ShouldBe(before);
                break;
            case Operation.Revoke:
                after.Single(i => i.Id == world.PendingInviteId).Revoked.ShouldBeTrue();
                after
                    .Where(i => i.Id != world.PendingInviteId)
                    .ShouldBe(before.Where(i => i.Id != world.PendingInviteId));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation));
        }
    }

    private static async Task<Error?> ListAndCheckAsync(InviteManagementService invites, string? actorId, World world)
    {
        var listed = await invites.ListInvitesAsync(actorId, world.HouseholdId, Ct);
        if (listed.IsSuccess)
        {
            // The owner sees both links, and who joined through the used one.
            listed.Value!.Select(i => i.Id).ShouldBe([world.PendingInviteId, world.UsedInviteId], ignoreOrder: true);
            listed
                .Value!.Single(i => i.Id == world.UsedInviteId)
                .Redemptions.ShouldHaveSingleItem()
                .UserId.ShouldBe(world.MemberId);
        }
        else
        {
            listed.Value.ShouldBeNull();
        }

        return listed.Error;
    }

    private async Task<World> ArrangeAsync()
    {
        await using var scope = env.App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var ownerId = (await env.App.CreateUserAsync("owner")).UserId;
        var memberId = (await env.App.CreateUserAsync("member")).UserId;
        var strangerId = (await env.App.CreateUserAsync("stranger")).UserId;
        var household = (
            await services.GetRequiredService<HouseholdService>().CreateHouseholdAsync(ownerId, "Matrix house", Ct)
        ).Value!;
        var invites = services.GetRequiredService<InviteManagementService>();
        var used = (
            await invites.CreateInviteAsync(ownerId, household.Id, new CreateInviteCommand("7d", 1, "Member"), Ct)
        ).Value!;
        (
            await services.GetRequiredService<InviteRedemptionService>().AcceptAsync(used.Token, memberId, Ct)
        ).ShouldBeOfType<JoinOutcome.Joined>();
        var pending = (
            await invites.CreateInviteAsync(ownerId, household.Id, new CreateInviteCommand("7d", 1, "Member"), Ct)
        ).Value!;
        return new World(household.Id, ownerId, memberId, strangerId, pending.Id, used.Id);
    }

    private async Task<List<InviteSnapshot>> SnapshotAsync(Guid householdId)
    {
        await using var db = env.App.CreateDbContext();
        var rows = await db
            .Invites.AsNoTracking()
            .Where(i => i.HouseholdId == householdId)
            .OrderBy(i => i.Id)
            .Select(i => new
            {
                i.Id,
                i.RevokedAt,
                i.UseCount,
                i.MaxUses,
                i.ExpiresAt,
                Redemptions = i.Redemptions.Count,
            })
            .ToListAsync(Ct);
        return rows.Select(r => new InviteSnapshot(
                r.Id,
                r.RevokedAt is not null,
                r.UseCount,
                r.MaxUses,
                r.ExpiresAt,
                r.Redemptions
            ))
            .ToList();
    }

    private sealed record World(
        Guid HouseholdId,
        string OwnerId,
        string MemberId,
        string StrangerId,
        Guid PendingInviteId,
        Guid UsedInviteId
    );

    private sealed record InviteSnapshot(
        Guid Id,
        bool Revoked,
        int UseCount,
        int MaxUses,
        DateTimeOffset ExpiresAt,
        int Redemptions
    );
}
