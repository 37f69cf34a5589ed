using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Memberships;

/// <summary>An invite never grants more than its creator holds now, not only when it was made (SPEC section
/// 2).</summary>
public sealed class InviteCreatorRoleTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private T Service<T>()
        where T : notnull => env.App.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private async Task<(
        Guid Household,
        string Ana,
        string Ben,
        string OwnerLink,
        string MemberLink
    )> TwoOwnersWhereAnaMadeLinksAsync()
    {
        var ana = (await env.App.CreateUserAsync("ana")).UserId;
        var ben = (await env.App.CreateUserAsync("ben")).UserId;
        var household = await env.App.CreateHouseholdAsync((ana, HouseholdRole.Owner), (ben, HouseholdRole.Owner));
        var invites = Service<InviteManagementService>();
        var ownerLink = (await invites.CreateInviteAsync(ana, household, new CreateInviteCommand("7d", 5, "Owner"), Ct))
            .Value!
            .Token;
        var memberLink = (
            await invites.CreateInviteAsync(ana, household, new CreateInviteCommand("7d", 5, "Member"), Ct)
        )
            .Value!
            .Token;
        return (household, ana, ben, ownerLink, memberLink);
    }

    private async Task<InviteState> StateAsync(string token) =>
        (await Service<InviteRedemptionService>().LookupAsync(token, null, Ct)).State;

    [Fact]
    public async Task AnOwnerMadeAMember_TheirOwnerLinksStopWorking_TheirMemberLinksStillWork()
    {
        var (household, ana, ben, ownerLink, memberLink) = await TwoOwnersWhereAnaMadeLinksAsync();

        (
            await Service<MembershipService>().ChangeRoleAsync(ben, household, ana, HouseholdRole.Member, Ct)
        ).IsSuccess.ShouldBeTrue();

        (await StateAsync(ownerLink)).ShouldBe(InviteState.Revoked);
        (await StateAsync(memberLink)).ShouldBe(InviteState.Valid);
        var joiner = (await env.App.CreateUserAsync("joiner")).UserId;
        (await Service<InviteRedemptionService>().AcceptAsync(ownerLink, joiner, Ct)).ShouldBe(
            new JoinOutcome.Refused(InviteState.Revoked)
        );
    }

    [Fact]
    public async Task AnOwnerWhoHandsOverOwnership_LosesTheirOwnerLinks()
    {
        var (household, ana, ben, ownerLink, memberLink) = await TwoOwnersWhereAnaMadeLinksAsync();
        await MembershipServiceLeaveBenAsMemberAsync(household, ana, ben);

        (await Service<MembershipService>().TransferOwnershipAsync(ana, household, ben, Ct)).IsSuccess.ShouldBeTrue();

        (await StateAsync(ownerLink)).ShouldBe(InviteState.Revoked);
        (await StateAsync(memberLink)).ShouldBe(InviteState.Valid);
    }

    [Fact]
    public async Task SomeoneRemoved_CannotComeBackThroughTheirOwnLinks()
    {
        var (household, ana, ben, ownerLink, memberLink) = await TwoOwnersWhereAnaMadeLinksAsync();

        (await Service<MembershipService>().RemoveMemberAsync(ben, household, ana, Ct)).IsSuccess.ShouldBeTrue();

        (await StateAsync(ownerLink)).ShouldBe(InviteState.Revoked);
        (await StateAsync(memberLink)).ShouldBe(InviteState.Revoked);
        (await Service<InviteRedemptionService>().AcceptAsync(memberLink, ana, Ct)).ShouldBe(
            new JoinOutcome.Refused(InviteState.Revoked)
        );
        (await env.App.MembersAsync(household)).ShouldBe([$"{ben}:{HouseholdRole.Owner}"]);
    }

    [Fact]
    public async Task SomeoneWhoLeaves_TheirLinksStopWorking_OtherOwnersLinksDoNot()
    {
        var (household, ana, ben, ownerLink, memberLink) = await TwoOwnersWhereAnaMadeLinksAsync();
        var bensLink = (
            await Service<InviteManagementService>()
                .CreateInviteAsync(ben, household, new CreateInviteCommand("7d", 1, "Member"), Ct)
        )
            .Value!
            .Token;

        (await Service<MembershipService>().LeaveAsync(ana, household, Ct)).IsSuccess.ShouldBeTrue();

        (await StateAsync(ownerLink)).ShouldBe(InviteState.Revoked);
        (await StateAsync(memberLink)).ShouldBe(InviteState.Revoked);
        (await StateAsync(bensLink)).ShouldBe(InviteState.Valid);
    }

    /// <summary>Transfer needs the receiver to be a member first.</summary>
    private async Task MembershipServiceLeaveBenAsMemberAsync(Guid household, string ana, string ben) =>
        (
            await Service<MembershipService>().ChangeRoleAsync(ana, household, ben, HouseholdRole.Member, Ct)
        ).IsSuccess.ShouldBeTrue();
}
