using HouseholdApp.Common;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Memberships;

public sealed class MembershipServiceTests(TestEnvironment env)
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
        RemoveMember,
        ChangeRole,
        Leave,
        Transfer,
    }

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

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private MembershipService NewService() =>
        env.App.Services.CreateScope().ServiceProvider.GetRequiredService<MembershipService>();

    private static string Entry(string userId, HouseholdRole role) => $"{userId}:{role}";

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task AuthorizationMatrix_OnlyAllowedChangesHappen_AndRefusalsChangeNothing(
        Actor actor,
        Operation operation
    )
    {
        var owner = (await env.App.CreateUserAsync("owner")).UserId;
        var coOwner = (await env.App.CreateUserAsync("coowner")).UserId;
        var member = (await env.App.CreateUserAsync("member")).UserId;
        var target = (await env.App.CreateUserAsync("target")).UserId;
        var stranger = (await env.App.CreateUserAsync("stranger")).UserId;
        var household = await env.App.CreateHouseholdAsync(
            (owner, HouseholdRole.Owner),
            (coOwner, HouseholdRole.Owner),
            (member, HouseholdRole.Member),
            (target, HouseholdRole.Member)
        );
        var before = await env.App.MembersAsync(household);
        var actorId = actor switch
        {
            Actor.Owner => owner,
            Actor.Member => member,
            Actor.NonMember => stranger,
            Actor.Anonymous => null,
            _ => throw new ArgumentOutOfRangeException(nameof(actor)),
        };
        var service = NewService();

        var error = operation switch
        {
            Operation.RemoveMember => (await service.RemoveMemberAsync(actorId, household, target, Ct)).Error,
            Operation.ChangeRole => (
                await service.ChangeRoleAsync(actorId, household, target, HouseholdRole.Owner, Ct)
            ).Error,
            Operation.Leave => (await service.LeaveAsync(actorId, household, Ct)).Error,
            Operation.Transfer => (await service.TransferOwnershipAsync(actorId, household, target, Ct)).Error,
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        var after = await env.App.MembersAsync(household);
        var expectedCode = (actor, operation) switch
        {
            (Actor.Anonymous, _) => "unauthorized",
            (Actor.NonMember, _) => "household_not_found",
            (Actor.Member, Operation.Leave) => null,
            (Actor.Member, _) => "forbidden",
            (Actor.Owner, _) => null,
            _ => throw new ArgumentOutOfRangeException(nameof(actor)),
        };
        error?.Code.ShouldBe(expectedCode);
        if (expectedCode is not null)
        {
            error.ShouldNotBeNull();
            after.ShouldBe(before);
            return;
        }

        error.ShouldBeNull();
        var expected = new List<string>(before);
        switch (operation)
        {
            case Operation.RemoveMember:
                expected.Remove(Entry(target, HouseholdRole.Member));
                break;
            case Operation.ChangeRole:
                expected.Remove(Entry(target, HouseholdRole.Member));
                expected.Add(Entry(target, HouseholdRole.Owner));
                break;
            case Operation.Leave:
                expected.Remove(Entry(actorId!, actor == Actor.Owner ? HouseholdRole.Owner : HouseholdRole.Member));
                break;
            case Operation.Transfer:
                expected.Remove(Entry(target, HouseholdRole.Member));
                expected.Remove(Entry(owner, HouseholdRole.Owner));
                expected.Add(Entry(target, HouseholdRole.Owner));
                expected.Add(Entry(owner, HouseholdRole.Member));
                break;
        }

        after.ShouldBe(expected.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task NonMember_GetsTheSameErrorAsForAHouseholdThatDoesNotExist()
    {
        var owner = (await env.App.CreateUserAsync("owner")).UserId;
        var stranger = (await env.App.CreateUserAsync("stranger")).UserId;
        var household = await env.App.CreateHouseholdAsync((owner, HouseholdRole.Owner));

        var existing = await NewService().RemoveMemberAsync(stranger, household, owner, Ct);
        var missing = await NewService().RemoveMemberAsync(stranger, Guid.NewGuid(), owner, Ct);

        var notFound = env.App.Services.GetRequiredService<HouseholdTexts>().HouseholdNotFound;
        existing.Error.ShouldBe(notFound);
        missing.Error.ShouldBe(notFound);
    }

    [Fact]
    public async Task LastOwner_CannotLeave_AndIsToldWhatToDo()
    {
        var owner = (await env.App.CreateUserAsync("owner")).UserId;
        var member = (await env.App.CreateUserAsync("member")).UserId;
        var household = await env.App.CreateHouseholdAsync(
            (owner, HouseholdRole.Owner),
            (member, HouseholdRole.Member)
        );

        var result = await NewService().LeaveAsync(owner, household, Ct);

        result.Error.ShouldNotBeNull();
        result.Error.Code.ShouldBe("last_owner");
        result.Error.Kind.ShouldBe(ErrorKind.Conflict);
        result.Error.Message.ShouldContain("Make someone else an owner first");
        (await env.App.MembersAsync(household)).ShouldContain(Entry(owner, HouseholdRole.Owner));
    }

    [Fact]
    public async Task LastOwner_WhoIsAlone_CannotLeave_AndIsToldToInviteSomeone()
    {
        var owner = (await env.App.CreateUserAsync("owner")).UserId;
        var household = await env.App.CreateHouseholdAsync((owner, HouseholdRole.Owner));

        var result = await NewService().LeaveAsync(owner, household, Ct);

        result.Error!.Code.ShouldBe("last_owner");
        result.Error.Message.ShouldContain("Invite someone");
        (await env.App.MembersAsync(household)).ShouldBe([Entry(owner, HouseholdRole.Owner)]);
    }

    [Fact]
    public async Task LastOwner_CannotDemoteThemselves()
    {
        var owner = (await env.App.CreateUserAsync("owner")).UserId;
        var member = (await env.App.CreateUserAsync("member")).UserId;
        var household = await env.App.CreateHouseholdAsync(
            (owner, HouseholdRole.Owner),
            (member, HouseholdRole.Member)
        );
        var before = await env.App.MembersAsync(household);

        var result = await NewService().ChangeRoleAsync(owner, household, owner, HouseholdRole.Member, Ct);

        result.Error!.Code.ShouldBe("last_owner");
        result.Error.Message.ShouldContain("Make someone else an owner first");
        (await env.App.MembersAsync(household)).ShouldBe(before);
    }

    [Fact]
    public async Task LastOwner_CannotRemoveThemselves()
    {
        var owner = (await env.App.CreateUserAsync("owner")).UserId;
        var member = (await env.App.CreateUserAsync("member")).UserId;
        var household = await env.App.CreateHouseholdAsync(
            (owner, HouseholdRole.Owner),
            (member, HouseholdRole.Member)
        );
        var before = await env.App.MembersAsync(household);

        var result = await NewService().RemoveMemberAsync(owner, household, owner, Ct);

        result.Error!.Code.ShouldBe("last_owner");
        (await env.App.MembersAsync(household)).ShouldBe(before);
    }

    [Fact]
    public async Task Transfer_LeavesExactlyOneOwner_TheNewOne()
    {
        var owner = (await env.App.CreateUserAsync("owner")).UserId;
        var member = (await env.App.CreateUserAsync("member")).UserId;
        var household = await env.App.CreateHouseholdAsync(
            (owner, HouseholdRole.Owner),
            (member, HouseholdRole.Member)
        );

        var result = await NewService().TransferOwnershipAsync(owner, household, member, Ct);

        result.IsSuccess.ShouldBeTrue();
        (await env.App.MembersAsync(household)).ShouldBe(
            new[] { Entry(owner, HouseholdRole.Member), Entry(member, HouseholdRole.Owner) }
                .Order(StringComparer.Ordinal)
                .ToList()
        );
        (await NewService().LeaveAsync(owner, household, Ct)).IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public async Task Transfer_ToYourself_OrToANonMember_ChangesNothing()
    {
        var owner = (await env.App.CreateUserAsync("owner")).UserId;
        var stranger = (await env.App.CreateUserAsync("stranger")).UserId;
        var household = await env.App.CreateHouseholdAsync((owner, HouseholdRole.Owner));

        var toSelf = await NewService().TransferOwnershipAsync(owner, household, owner, Ct);
        var toStranger = await NewService().TransferOwnershipAsync(owner, household, stranger, Ct);

        toSelf.Error!.Code.ShouldBe("invalid_transfer");
        toStranger.Error!.Code.ShouldBe("member_not_found");
        (await env.App.MembersAsync(household)).ShouldBe([Entry(owner, HouseholdRole.Owner)]);
    }

    [Fact]
    public async Task OneOfTwoOwners_MayStepDown_ButThenNotTheOther()
    {
        var first = (await env.App.CreateUserAsync("first")).UserId;
        var second = (await env.App.CreateUserAsync("second")).UserId;
        var household = await env.App.CreateHouseholdAsync((first, HouseholdRole.Owner), (second, HouseholdRole.Owner));

        var stepDown = await NewService().ChangeRoleAsync(first, household, first, HouseholdRole.Member, Ct);
        var demoteOther = await NewService().ChangeRoleAsync(second, household, second, HouseholdRole.Member, Ct);

        stepDown.IsSuccess.ShouldBeTrue();
        stepDown.Value!.Role.ShouldBe(HouseholdRole.Member);
        demoteOther.Error!.Code.ShouldBe("last_owner");
        (await env.App.OwnerCountAsync(household)).ShouldBe(1);
    }

    [Fact]
    public async Task Owner_CanRemoveAnotherOwner()
    {
        var first = (await env.App.CreateUserAsync("first")).UserId;
        var second = (await env.App.CreateUserAsync("second")).UserId;
        var household = await env.App.CreateHouseholdAsync((first, HouseholdRole.Owner), (second, HouseholdRole.Owner));

        var result = await NewService().RemoveMemberAsync(first, household, second, Ct);

        result.IsSuccess.ShouldBeTrue();
        (await env.App.MembersAsync(household)).ShouldBe([Entry(first, HouseholdRole.Owner)]);
    }

    [Fact]
    public async Task ChangeRole_ForSomeoneWhoIsNotAMember_OrToAnUnknownRole_IsRefused()
    {
        var owner = (await env.App.CreateUserAsync("owner")).UserId;
        var member = (await env.App.CreateUserAsync("member")).UserId;
        var stranger = (await env.App.CreateUserAsync("stranger")).UserId;
        var household = await env.App.CreateHouseholdAsync(
            (owner, HouseholdRole.Owner),
            (member, HouseholdRole.Member)
        );
        var before = await env.App.MembersAsync(household);

        var notMember = await NewService().ChangeRoleAsync(owner, household, stranger, HouseholdRole.Owner, Ct);
        var badRole = await NewService().ChangeRoleAsync(owner, household, member, (HouseholdRole)7, Ct);

        notMember.Error!.Code.ShouldBe("member_not_found");
        badRole.Error!.Code.ShouldBe("invalid_role");
        (await env.App.MembersAsync(household)).ShouldBe(before);
    }

    [Fact]
    public async Task Changes_AreAnnouncedToOpenPages_OnlyWhenSomethingChanged()
    {
        var owner = (await env.App.CreateUserAsync("owner")).UserId;
        var member = (await env.App.CreateUserAsync("member")).UserId;
        var household = await env.App.CreateHouseholdAsync(
            (owner, HouseholdRole.Owner),
            (member, HouseholdRole.Member)
        );
        var notified = 0;
        using var subscription = env
            .App.Services.GetRequiredService<HouseholdEvents>()
            .Subscribe(household, () =>
            {
                Interlocked.Increment(ref notified);
                return Task.CompletedTask;
            });

        await NewService().LeaveAsync(owner, household, Ct);
        Volatile.Read(ref notified).ShouldBe(0);
        await NewService().ChangeRoleAsync(owner, household, member, HouseholdRole.Owner, Ct);

        Volatile.Read(ref notified).ShouldBe(1);
    }

    [Fact]
    public async Task TwoOwnersDemotingEachOtherAtOnce_AlwaysLeaveAnOwner()
    {
        for (var round = 0; round < 20; round++)
        {
            var a = (await env.App.CreateUserAsync("a")).UserId;
            var b = (await env.App.CreateUserAsync("b")).UserId;
            var household = await env.App.CreateHouseholdAsync((a, HouseholdRole.Owner), (b, HouseholdRole.Owner));

            var results = await RaceAsync(
                async s => (await s.ChangeRoleAsync(a, household, b, HouseholdRole.Member, Ct)).Error,
                async s => (await s.ChangeRoleAsync(b, household, a, HouseholdRole.Member, Ct)).Error
            );

            (await env.App.OwnerCountAsync(household)).ShouldBe(1, $"round {round}");
            results.Count(e => e is null).ShouldBe(1, $"round {round}");
            // The loser is no longer an owner by the time its change runs.
            results.Single(e => e is not null)!.Code.ShouldBe("forbidden");
        }
    }

    [Fact]
    public async Task TwoOwnersLeavingAtOnce_AlwaysLeaveAnOwner()
    {
        for (var round = 0; round < 20; round++)
        {
            var a = (await env.App.CreateUserAsync("a")).UserId;
            var b = (await env.App.CreateUserAsync("b")).UserId;
            var household = await env.App.CreateHouseholdAsync((a, HouseholdRole.Owner), (b, HouseholdRole.Owner));

            var results = await RaceAsync(
                async s => (await s.LeaveAsync(a, household, Ct)).Error,
                async s => (await s.LeaveAsync(b, household, Ct)).Error
            );

            (await env.App.OwnerCountAsync(household)).ShouldBe(1, $"round {round}");
            results.Count(e => e is null).ShouldBe(1, $"round {round}");
            results.Single(e => e is not null)!.Code.ShouldBe("last_owner");
        }
    }

    /// <summary>Starts both operations, each with its own service scope, as close to the same moment as
    /// possible.</summary>
    private async Task<Error?[]> RaceAsync(params Func<MembershipService, Task<Error?>>[] operations)
    {
        using var barrier = new Barrier(operations.Length);
        var tasks = operations.Select(operation =>
            Task.Run(async () =>
            {
                var service = NewService();
                barrier.SignalAndWait(TestContext.Current.CancellationToken);
                return await operation(service);
            })
        );
        return await Task.WhenAll(tasks);
    }
}
