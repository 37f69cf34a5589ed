using System.Net;
using System.Net.Http.Json;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Invites;

public sealed class InviteLimitTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_AtMaxActivePerHousehold_Answers409TooManyInvites_UntilOneIsNoLongerActive()
    {
        var app = await env.AppWithAsync(new Dictionary<string, string?> { ["Invites:MaxActivePerHousehold"] = "3" });
        var owner = await app.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync();
        var links = new List<TestInvite>();
        for (var i = 0; i < 3; i++)
        {
            links.Add(await owner.CreateLinkAsync(householdId));
        }

        var invites = $"/api/v1/households/{householdId}/invites";
        await (await owner.Client.PostAsJsonAsync(invites, new { }, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "too_many_invites"
        );

        // Another household has its own budget.
        var other = await owner.CreateHouseholdAsync("Other");
        (await owner.Client.PostAsJsonAsync($"/api/v1/households/{other}/invites", new { }, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Created
        );

        // Revoked, used-up and expired links no longer count.
        (await owner.Client.DeleteAsync($"{invites}/{links[0].Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await owner.Client.PostAsJsonAsync(invites, new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await owner.Client.PostAsJsonAsync(invites, new { }, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "too_many_invites"
        );

        var joiner = await app.CreateUserAsync("joiner");
        (await joiner.Client.PostAsync($"/api/v1/invites/{links[1].Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        (await owner.Client.PostAsJsonAsync(invites, new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);

        await app.ExpireAsync(links[2].Id);
        (await owner.Client.PostAsJsonAsync(invites, new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await owner.Client.PostAsJsonAsync(invites, new { }, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "too_many_invites"
        );
    }

    [Fact]
    public async Task Create_ConcurrentRequestsNeverExceedTheLimit()
    {
        var app = await env.AppWithAsync(new Dictionary<string, string?> { ["Invites:MaxActivePerHousehold"] = "5" });
        var owner = await app.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync();
        var clients = app.Clients(30);
        foreach (var client in clients)
        {
            client.DefaultRequestHeaders.Authorization = owner.Client.DefaultRequestHeaders.Authorization;
        }

        var responses = await app.RaceAsync(clients, (c, _) =>
            c.PostAsJsonAsync($"/api/v1/households/{householdId}/invites", new { }, Ct)
        );

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(5);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(25);
    }
}
