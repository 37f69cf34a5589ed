using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Accounts;

public sealed class AccountRateLimitTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<TestApp> StartWithLimitAsync(int limit) =>
        TestApp.StartAsync(
            env.Postgres,
            new Dictionary<string, string?>
            {
                ["RateLimiting:Accounts:PermitLimit"] = limit.ToString(
                    System.Globalization.CultureInfo.InvariantCulture
                ),
                ["RateLimiting:Accounts:WindowSeconds"] = "60",
            },
            "accountlimit"
        );

    [Fact]
    public async Task ApiSignIns_BeyondTheBudget_Answer429WithRetryAfter_EvenWithTheRightPassword()
    {
        await using var app = await StartWithLimitAsync(3);
        var client = app.CreateHttpClient();
        var email = TestData.UniqueEmail("limited");
        (
            await client.PostAsJsonAsync(
                "/api/v1/account/register",
                new { email, password = TestData.DefaultPassword },
                Ct
            )
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        for (var i = 0; i < 2; i++)
        {
            (
                await client.PostAsJsonAsync("/api/v1/account/login", new { email, password = "wrong-password" }, Ct)
            ).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var limited = await client.PostAsJsonAsync(
            "/api/v1/account/login",
            new { email, password = TestData.DefaultPassword },
            Ct
        );

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        (await limited.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("code")
            .GetString()
            .ShouldBe("rate_limited");
    }

    [Fact]
    public async Task SignInPage_ShowingIsFree_ButPostsBeyondTheBudgetGetAFriendly429Page()
    {
        await using var app = await StartWithLimitAsync(2);
        var client = app.CreateBrowserLikeClient();
        var fields = new Dictionary<string, string>
        {
            ["Input.Email"] = TestData.UniqueEmail("nobody"),
            ["Input.Password"] = "not-the-password",
        };

        for (var i = 0; i < 2; i++)
        {
            // Each submission also GETs the page first: those views do not count.
            (await client.SubmitFormAsync("/Account/Login", "login", fields)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var limited = await client.SubmitFormAsync("/Account/Login", "login", fields);

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.ShouldNotBeNull();
        var html = await limited.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("data-test=\"rate-limited\"");
        html.ShouldContain("sign-in or sign-up attempts");
        html.ShouldNotContain("data-invite-state");
        (await client.GetAsync("/Account/Login", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
