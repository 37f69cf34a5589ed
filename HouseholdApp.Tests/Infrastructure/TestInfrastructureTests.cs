using System.Net;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>
/// The test infrastructure itself. Also the shortest example of a test: take <see cref="TestEnvironment"/> (the shared
/// app), make the data with <see cref="TestData"/>, act through HTTP or a service, assert on the answer and the
/// database.
/// </summary>
public sealed class TestInfrastructureTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(TestInviteState.Active, HttpStatusCode.OK, null)]
    [InlineData(TestInviteState.Expired, HttpStatusCode.Gone, "invite_expired")]
    [InlineData(TestInviteState.Revoked, HttpStatusCode.Gone, "invite_revoked")]
    [InlineData(TestInviteState.UsedUp, HttpStatusCode.Gone, "invite_used")]
    public async Task CreateInviteAsync_LeavesTheInviteInTheChosenState(
        TestInviteState state,
        HttpStatusCode status,
        string? code
    )
    {
        var invite = await env.App.CreateInviteAsync("State Street", state: state);

        var response = await env.App.CreateHttpClient().GetAsync($"/api/v1/invites/{invite.Token}", Ct);

        response.StatusCode.ShouldBe(status);
        (await response.CodeAsync()).ShouldBe(code);
    }

    [Fact]
    public void AReservedPort_LiesBelowTheEphemeralRange_AndIsFree()
    {
        var (ephemeralLow, _) = LoopbackPorts.EphemeralRange();
        for (var i = 0; i < 20; i++)
        {
            var port = LoopbackPorts.Reserved();
            port.ShouldBeLessThan(ephemeralLow);
            using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }

    [Fact]
    public async Task AServiceTest_SeedsStraightIntoTheDatabase_AndCallsTheService()
    {
        var owner = (await env.App.CreateUserAsync("owner")).UserId;
        var member = (await env.App.CreateUserAsync("member")).UserId;
        var household = await env.App.CreateHouseholdAsync(
            "Seeded",
            (owner, HouseholdRole.Owner),
            (member, HouseholdRole.Member)
        );
        using var scope = env.App.Services.CreateScope();
        var memberships = scope.ServiceProvider.GetRequiredService<MembershipService>();

        var result = await memberships.LeaveAsync(member, household, Ct);

        result.Error.ShouldBeNull();
        (await env.App.MembersAsync(household)).ShouldBe([$"{owner}:{HouseholdRole.Owner}"]);
    }

    [Fact]
    public async Task EveryTestDatabase_IsCopiedFromTheMigratedTemplate_SoStartUpMigrationHasNothingToDo()
    {
        await using var db = env.App.CreateDbContext();

        (await db.Database.GetAppliedMigrationsAsync(Ct)).ShouldNotBeEmpty();
        (await db.Database.GetPendingMigrationsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public void LeftoversOfThisRunOrOfOtherHosts_AreNeverStale_ThoseOfAGoneProcessAre()
    {
        TestRunLeftovers.IsStale(TestRunLeftovers.Owner).ShouldBeFalse();
        TestRunLeftovers.IsStale($"another-host:{Environment.ProcessId}:1").ShouldBeFalse();
        TestRunLeftovers.IsStale($"{Environment.MachineName}:{int.MaxValue}:1").ShouldBeTrue();
        // The same process id with another start time: the id was reused by a newer process.
        TestRunLeftovers.IsStale($"{Environment.MachineName}:{Environment.ProcessId}:1").ShouldBeTrue();
    }
}
