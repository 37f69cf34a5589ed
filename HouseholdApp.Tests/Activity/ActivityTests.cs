using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Features.Activity;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Invites;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Activity;

public sealed class ActivityTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Name(TestUser user) => TestData.DefaultDisplayName(user.Email);

    private static async Task<List<JsonElement>> ActivityAsync(TestUser owner, Guid household) =>
        [
            .. (
                await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/households/{household}/activity", Ct)
            ).EnumerateArray(),
        ];

    [Fact]
    public async Task Activity_RecordsJoinsThroughWhichLink_LeavesRemovalsRoleChangesAndLinks_NewestFirst()
    {
        var clock = TestClock.StartingNow();
        await using var app = await TestApp.StartAsync(env.Postgres, prefix: "activity", configureServices: s =>
            s.AddSingleton<TimeProvider>(clock)
        );
        var owner = await app.CreateUserAsync("owner");
        var household = await owner.CreateHouseholdAsync();
        void Tick() => clock.SetUtcNow(clock.GetUtcNow().AddMinutes(1));

        Tick();
        var created = await owner.Client.PostAsJsonAsync(
            $"/api/v1/households/{household}/invites",
            new { maxUses = 5, label = "for flatmates" },
            Ct
        );
        var link = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var token = link.GetProperty("token").GetString()!;
        var linkId = link.GetProperty("id").GetGuid();
        var ana = await app.CreateUserAsync("ana");
        var ben = await app.CreateUserAsync("ben");
        Tick();
        (await ana.Client.PostAsync($"/api/v1/invites/{token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        Tick();
        var newcomer = TestData.UniqueEmail("carl");
        (
            await app.CreateHttpClient()
                .PostAsJsonAsync(
                    $"/api/v1/invites/{token}/signup",
                    new
                    {
                        email = newcomer,
                        password = TestData.DefaultPassword,
                        displayName = "Carl",
                    },
                    Ct
                )
        ).StatusCode.ShouldBe(HttpStatusCode.Created);
        Tick();
        (await ben.Client.PostAsync($"/api/v1/invites/{token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        Tick();
        (
            await owner.Client.PutAsJsonAsync(
                $"/api/v1/households/{household}/members/{ana.UserId}/role",
                new { role = "Owner" },
                Ct
            )
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        Tick();
        (
            await owner.Client.DeleteAsync($"/api/v1/households/{household}/members/{ben.UserId}", Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        Tick();
        (await ana.Client.DeleteAsync($"/api/v1/households/{household}/members/{ana.UserId}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NoContent
        );
        Tick();
        (await owner.Client.DeleteAsync($"/api/v1/households/{household}/invites/{linkId}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NoContent
        );

        var entries = await ActivityAsync(owner, household);

        entries
            .Select(e => e.GetProperty("text").GetString())
            .ShouldBe([
                $"{Name(owner)} revoked the link “for flatmates”",
                $"{Name(ana)} left the household",
                $"{Name(owner)} removed {Name(ben)}",
                $"{Name(owner)} made {Name(ana)} an owner",
                $"{Name(ben)} joined through the link “for flatmates”",
                "Carl joined through the link “for flatmates”",
                $"{Name(ana)} joined through the link “for flatmates”",
                $"{Name(owner)} created the link “for flatmates”",
            ]);
        entries
            .Select(e => e.GetProperty("kind").GetString())
            .ShouldBe([
                "link_revoked",
                "left",
                "removed",
                "role_changed",
                "joined",
                "joined",
                "joined",
                "link_created",
            ]);
        var removal = entries[2];
        removal.GetProperty("actor").GetProperty("userId").GetString().ShouldBe(owner.UserId);
        removal.GetProperty("subject").GetProperty("userId").GetString().ShouldBe(ben.UserId);
        entries[0].GetProperty("revokedReason").GetString().ShouldBe("revoked_by_owner");
        entries[4].GetProperty("inviteId").GetGuid().ShouldBe(linkId);
        entries.Select(e => e.GetProperty("at").GetDateTimeOffset()).ShouldBeInOrder(SortDirection.Descending);
    }

    [Fact]
    public async Task Activity_SaysWhyLinksWereRevokedWhenTheirCreatorLeft()
    {
        var owner = await env.App.CreateUserAsync("owner");
        var household = await owner.CreateHouseholdAsync();
        var other = await env.App.CreateUserAsync("other");
        var promote = await owner.CreateLinkAsync(household, new { role = "Owner" });
        (await other.Client.PostAsync($"/api/v1/invites/{promote.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        await other.CreateLinkAsync(household);

        (
            await other.Client.DeleteAsync($"/api/v1/households/{household}/members/{other.UserId}", Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var revoked = (await ActivityAsync(owner, household)).Single(e =>
            e.GetProperty("kind").GetString() == "link_revoked"
        );
        revoked.GetProperty("revokedReason").GetString().ShouldBe("creator_left");
        revoked.GetProperty("text").GetString().ShouldBe("A link was revoked: its creator left the household");
    }

    [Fact]
    public async Task Activity_IsForOwnersOnly()
    {
        var owner = await env.App.CreateUserAsync("owner");
        var household = await owner.CreateHouseholdAsync();
        var member = await env.App.CreateMemberAsync(owner, household);
        var stranger = await env.App.CreateUserAsync("stranger");

        await (await member.Client.GetAsync($"/api/v1/households/{household}/activity", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        await (await stranger.Client.GetAsync($"/api/v1/households/{household}/activity", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound,
            "household_not_found"
        );
        (await env.App.CreateHttpClient().GetAsync($"/api/v1/households/{household}/activity", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Unauthorized
        );
        (await ActivityAsync(owner, household)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Activity_KeepsNinetyDays_AndOlderEntriesArePruned()
    {
        var clock = TestClock.StartingNow();
        await using var app = await TestApp.StartAsync(env.Postgres, prefix: "retention", configureServices: s =>
            s.AddSingleton<TimeProvider>(clock)
        );
        var owner = await app.CreateUserAsync("owner");
        var household = await owner.CreateHouseholdAsync();
        var start = clock.GetUtcNow();
        await owner.CreateLinkAsync(household, new { expiresIn = "1h" });

        // Through the services: the owner's bearer token does not outlive the fake clock's 90 days.
        await using var scope = app.Services.CreateAsyncScope();
        var activity = scope.ServiceProvider.GetRequiredService<ActivityService>();
        clock.SetUtcNow(start.AddDays(HouseholdActivity.RetentionDays).AddSeconds(-1));
        (await activity.ListActivityAsync(owner.UserId, household, Ct)).Value!.Count.ShouldBe(1);

        clock.SetUtcNow(start.AddDays(HouseholdActivity.RetentionDays).AddSeconds(1));
        (await activity.ListActivityAsync(owner.UserId, household, Ct)).Value!.ShouldBeEmpty();
        (
            await scope
                .ServiceProvider.GetRequiredService<InviteManagementService>()
                .CreateInviteAsync(owner.UserId, household, new CreateInviteCommand("1h", 1, "Member"), Ct)
        ).IsSuccess.ShouldBeTrue();
        await using var db = app.CreateDbContext();
        (await db.Activity.Where(a => a.HouseholdId == household).Select(a => a.OccurredAt).ToListAsync(Ct)).ShouldBe([
            clock.GetUtcNow(),
        ]);
    }
}
