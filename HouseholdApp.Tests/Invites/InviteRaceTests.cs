using System.Net;
using System.Net.Http.Json;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Tests.Invites;

/// <summary>
/// The flaw this project exists to avoid: concurrent requests holding one token must never make more members
/// (or accounts) than the link allows. Real HTTP over Kestrel on loopback, requests released together.
/// </summary>
public sealed class InviteRaceTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestApp App => env.App;

    [Fact]
    public async Task TwoHundredSimultaneousSignUpsWithOneSingleUseLink_FiveRounds_ExactlyOneAccountEach()
    {
        var owner = await App.CreateUserAsync("owner");
        var clients = App.Clients(200);
        for (var round = 0; round < 5; round++)
        {
            var householdId = await owner.CreateHouseholdAsync($"Race {round}");
            var link = await owner.CreateLinkAsync(householdId);
            var domain = $"race-{Guid.NewGuid():N}.example.org";
            var bodies = Enumerable
                .Range(0, clients.Length)
                .Select(i => JsonContent.Create(new { email = $"r{i}@{domain}", password = TestData.DefaultPassword }))
                .ToArray();
            foreach (var body in bodies)
            {
                await body.LoadIntoBufferAsync(Ct);
            }

            var responses = await App.RaceAsync(clients, (c, i) =>
                c.PostAsync($"/api/v1/invites/{link.Token}/signup", bodies[i], Ct)
            );

            responses.Count(r => (int)r.StatusCode >= 500).ShouldBe(0);
            responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1, $"round {round}");
            var codes = await Task.WhenAll(
                responses.Where(r => r.StatusCode != HttpStatusCode.Created).Select(r => r.CodeAsync())
            );
            codes.ShouldAllBe(c => c == "invite_used");
            responses
                .Where(r => r.StatusCode != HttpStatusCode.Created)
                .ShouldAllBe(r => r.StatusCode == HttpStatusCode.Gone);

            await using var db = App.CreateDbContext();
            (await db.Users.CountAsync(u => u.Email!.EndsWith("@" + domain), Ct)).ShouldBe(
                1,
                $"round {round}: accounts"
            );
            (await db.Memberships.CountAsync(m => m.HouseholdId == householdId, Ct)).ShouldBe(
                2,
                $"round {round}: memberships"
            );
            (await db.InviteRedemptions.CountAsync(r => r.InviteId == link.Id, Ct)).ShouldBe(1);
            (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(1);
        }
    }

    [Fact]
    public async Task OneUserSendingFiftySimultaneousAccepts_JoinsOnce_TheRestAreAlreadyMember_AndOnlyOneUseIsConsumed()
    {
        var (_, link) = await App.CreateOwnerWithLinkAsync(new { maxUses = 10 });
        var joiner = await App.CreateUserAsync("eager");
        var clients = App.Clients(50);
        foreach (var client in clients)
        {
            client.DefaultRequestHeaders.Authorization = joiner.Client.DefaultRequestHeaders.Authorization;
        }

        var responses = await App.RaceAsync(clients, (c, _) =>
            c.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)
        );

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        var codes = await Task.WhenAll(
            responses
                .Where(r => r.StatusCode != HttpStatusCode.OK)
                .Select(async r => $"{(int)r.StatusCode} {await r.CodeAsync()}")
        );
        codes.ShouldAllBe(c => c == "409 already_member");
        (await App.CountMembersAsync(link.HouseholdId)).ShouldBe(2);
        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(1);
    }

    [Fact]
    public async Task OneUserSendingFiftySimultaneousAccepts_OfASingleUseLink_JoinsOnce()
    {
        var (_, link) = await App.CreateOwnerWithLinkAsync();
        var joiner = await App.CreateUserAsync("eager");
        var clients = App.Clients(50);
        foreach (var client in clients)
        {
            client.DefaultRequestHeaders.Authorization = joiner.Client.DefaultRequestHeaders.Authorization;
        }

        var responses = await App.RaceAsync(clients, (c, _) =>
            c.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)
        );

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        var codes = await Task.WhenAll(
            responses
                .Where(r => r.StatusCode != HttpStatusCode.OK)
                .Select(async r => $"{(int)r.StatusCode} {await r.CodeAsync()}")
        );
        codes.ShouldAllBe(c => c == "409 already_member");
        (await App.CountMembersAsync(link.HouseholdId)).ShouldBe(2);
    }

    [Fact]
    public async Task FiftyDistinctUsersRacingForALinkWithThreeUses_ExactlyThreeJoin()
    {
        var (_, link) = await App.CreateOwnerWithLinkAsync(new { maxUses = 3 });
        var users = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => App.CreateUserAsync("racer")));

        var responses = await App.RaceAsync([.. users.Select(u => u.Client)], (c, _) =>
            c.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)
        );

        responses.Count(r => (int)r.StatusCode >= 500).ShouldBe(0);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(3);
        var codes = await Task.WhenAll(
            responses
                .Where(r => r.StatusCode != HttpStatusCode.OK)
                .Select(async r => $"{(int)r.StatusCode} {await r.CodeAsync()}")
        );
        codes.ShouldAllBe(c => c == "410 invite_used");
        (await App.CountMembersAsync(link.HouseholdId)).ShouldBe(4);
        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(3);
        await using var db = App.CreateDbContext();
        var joined = await db.InviteRedemptions.Where(r => r.InviteId == link.Id).Select(r => r.UserId).ToListAsync(Ct);
        var winners = users.Where((_, i) => responses[i].StatusCode == HttpStatusCode.OK).Select(u => u.UserId);
        joined.ShouldBe(winners, ignoreOrder: true);
    }

    [Fact]
    public async Task SignUpsWithOneEmailOverManyLinks_MakeOneAccount_TheOthersGetEmailTaken_AndTheirLinksStayUnused()
    {
        var owner = await App.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync();
        var links = new List<TestInvite>();
        for (var i = 0; i < 20; i++)
        {
            links.Add(await owner.CreateLinkAsync(householdId));
        }

        var email = TestData.UniqueEmail("twin");
        var responses = await App.RaceAsync(App.Clients(20), (c, i) =>
            c.PostAsJsonAsync(
                $"/api/v1/invites/{links[i].Token}/signup",
                new { email, password = TestData.DefaultPassword },
                Ct
            )
        );

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        var codes = await Task.WhenAll(
            responses
                .Where(r => r.StatusCode != HttpStatusCode.Created)
                .Select(async r => $"{(int)r.StatusCode} {await r.CodeAsync()}")
        );
        codes.ShouldAllBe(c => c == "409 email_taken");
        await using var db = App.CreateDbContext();
        (await db.Users.CountAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), Ct)).ShouldBe(1);
        (await db.Invites.Where(i => i.HouseholdId == householdId).SumAsync(i => i.UseCount, Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task RevokeRacingAccepts_NoAcceptSentAfterTheRevokeAnsweredSucceeds()
    {
        var (owner, link) = await App.CreateOwnerWithLinkAsync(new { maxUses = 100 });
        var users = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => App.CreateUserAsync("racer")));
        var racing = users[..20];
        var late = users[20..];
        var lateClients = late.Select(u => u.Client).ToArray();
        await Task.WhenAll(
            lateClients.Select(async c => (await c.GetAsync("/health/live", Ct)).EnsureSuccessStatusCode())
        );
        Task<HttpResponseMessage[]>? lateAccepts = null;
        long revokedAt = 0;
        var sentAt = new long[racing.Length];

        // The revoke and twenty accepts are released together. The moment the revoke has answered, twenty more accepts
        // leave at once, while the first wave may still be in flight: every one of those is sent after the revocation.
        var responses = await App.RaceAsync([.. racing.Select(u => u.Client), owner.Client], async (c, i) =>
        {
            if (i < racing.Length)
            {
                sentAt[i] = System.Diagnostics.Stopwatch.GetTimestamp();
                return await c.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct);
            }

            var revoke = await c.DeleteAsync($"/api/v1/households/{link.HouseholdId}/invites/{link.Id}", Ct);
            Interlocked.Exchange(ref revokedAt, System.Diagnostics.Stopwatch.GetTimestamp());
            lateAccepts = Task.WhenAll(
                lateClients.Select(l => l.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct))
            );
            return revoke;
        });
        var after = await lateAccepts!;

        responses[^1].StatusCode.ShouldBe(HttpStatusCode.NoContent);
        after.Length.ShouldBe(20);
        foreach (
            var response in after.Concat(
                Enumerable.Range(0, racing.Length).Where(i => sentAt[i] > revokedAt).Select(i => responses[i])
            )
        )
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Gone, "invite_revoked");
        }

        var joined = responses[..^1].Count(r => r.StatusCode == HttpStatusCode.OK);
        responses[..^1].ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.Gone);
        (await App.CountMembersAsync(link.HouseholdId)).ShouldBe(1 + joined);
        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(joined);
    }
}
