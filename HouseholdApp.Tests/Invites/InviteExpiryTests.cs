using System.Net;
using System.Net.Http.Json;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Invites;

/// <summary>The expiry boundary, with the app's clock under the test's control.</summary>
public sealed class InviteExpiryTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86400)]
    [InlineData("7d", 7 * 86400)]
    [InlineData("30d", 30 * 86400)]
    public async Task Link_IsUsableOneSecondBeforeExpiry_AndExpiredExactlyAtIt(string expiresIn, int lifetimeSeconds)
    {
        var clock = TestClock.StartingNow();
        var created = clock.GetUtcNow();
        await using var app = await TestApp.StartAsync(env.Postgres, prefix: "expiry", configureServices: s =>
            s.AddSingleton<TimeProvider>(clock)
        );
        var owner = await app.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync();
        var early = await owner.CreateLinkAsync(householdId, new { expiresIn });
        var late = await owner.CreateLinkAsync(householdId, new { expiresIn });
        var lookup = await owner.CreateLinkAsync(householdId, new { expiresIn });
        var signUp = await owner.CreateLinkAsync(householdId, new { expiresIn });
        var expiry = created.AddSeconds(lifetimeSeconds);
        (
            await app.CreateHttpClient()
                .GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/invites/{lookup.Token}", Ct)
        )
            .GetProperty("expiresAt")
            .GetDateTimeOffset()
            .ShouldBe(expiry);

        clock.SetUtcNow(expiry.AddSeconds(-1));
        (await app.CreateHttpClient().GetAsync($"/api/v1/invites/{lookup.Token}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        var joiner = await app.CreateUserAsync("early");
        (await joiner.Client.PostAsync($"/api/v1/invites/{early.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );

        clock.SetUtcNow(expiry);
        await (await app.CreateHttpClient().GetAsync($"/api/v1/invites/{lookup.Token}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Gone,
            "invite_expired"
        );
        var latecomer = await app.CreateUserAsync("late");
        await (await latecomer.Client.PostAsync($"/api/v1/invites/{late.Token}/accept", null, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Gone,
            "invite_expired"
        );
        var email = TestData.UniqueEmail("late");
        await (
            await app.CreateHttpClient()
                .PostAsJsonAsync(
                    $"/api/v1/invites/{signUp.Token}/signup",
                    new { email, password = TestData.DefaultPassword },
                    Ct
                )
        ).ShouldBeProblemAsync(HttpStatusCode.Gone, "invite_expired");

        (await app.ReadInviteAsync(late.Id)).UseCount.ShouldBe(0);
        (await app.ReadInviteAsync(signUp.Id)).UseCount.ShouldBe(0);
        (await app.UserExistsAsync(email)).ShouldBeFalse();
        (await app.CountMembersAsync(householdId)).ShouldBe(2);

        // The owner's list agrees with the clock.
        var list = await owner.Client.GetFromJsonAsync<System.Text.Json.JsonElement>(
            $"/api/v1/households/{householdId}/invites",
            Ct
        );
        list.EnumerateArray()
            .Single(i => i.GetProperty("id").GetGuid() == lookup.Id)
            .GetProperty("status")
            .GetString()
            .ShouldBe("expired");
    }
}
