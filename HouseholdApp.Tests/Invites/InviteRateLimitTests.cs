using System.Net;
using System.Net.Http.Json;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Invites;

/// <summary>Per-client budgets for look-ups and redemptions (SPEC section 6), each test on its own app.</summary>
public sealed class InviteRateLimitTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> SmallLimits(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RateLimiting:InviteLookup:PermitLimit"] = "3",
            ["RateLimiting:InviteLookup:WindowSeconds"] = "60",
            ["RateLimiting:InviteRedeem:PermitLimit"] = "2",
            ["RateLimiting:InviteRedeem:WindowSeconds"] = "60",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task Api_TheRequestAfterTheLimit_Answers429WithRetryAfter_ForLookupAndForAcceptPlusSignUp()
    {
        await using var app = await TestApp.StartAsync(env.Postgres, SmallLimits(), "ratelimit");
        var (owner, link) = await app.CreateOwnerWithLinkAsync(new { maxUses = 5 });
        var joiner = await app.CreateUserAsync("joiner");
        var anonymous = app.CreateHttpClient();

        for (var i = 0; i < 3; i++)
        {
            (await anonymous.GetAsync($"/api/v1/invites/{link.Token}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var limited = await anonymous.GetAsync($"/api/v1/invites/{link.Token}", Ct);
        await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        RetryAfterSeconds(limited).ShouldBeInRange(1, 60);
        // Unknown and malformed tokens spend the same budget: scanning is what the limit is for.
        await (await anonymous.GetAsync($"/api/v1/invites/{InviteToken.Generate()}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.TooManyRequests,
            "rate_limited"
        );
        await (await anonymous.GetAsync("/api/v1/invites/nonsense", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.TooManyRequests,
            "rate_limited"
        );

        // Redemptions have their own budget, shared by accept and sign-up.
        (await joiner.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        (
            await anonymous.PostAsJsonAsync(
                $"/api/v1/invites/{link.Token}/signup",
                new { email = TestData.UniqueEmail(), password = TestData.DefaultPassword },
                Ct
            )
        ).StatusCode.ShouldBe(HttpStatusCode.Created);
        var email = TestData.UniqueEmail("third");
        var signUp = await anonymous.PostAsJsonAsync(
            $"/api/v1/invites/{link.Token}/signup",
            new { email, password = TestData.DefaultPassword },
            Ct
        );
        await signUp.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        RetryAfterSeconds(signUp).ShouldBeInRange(1, 60);
        var other = await app.CreateUserAsync("other");
        var accept = await other.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct);
        await accept.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        RetryAfterSeconds(accept).ShouldBeInRange(1, 60);

        // A rejected redemption touched nothing.
        (await app.ReadInviteAsync(link.Id)).UseCount.ShouldBe(2);
        (await app.UserExistsAsync(email)).ShouldBeFalse();
        // Owners' management is not limited by these budgets.
        (await owner.Client.GetAsync($"/api/v1/households/{link.HouseholdId}/invites", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
    }

    [Fact]
    public async Task SpoofedForwardedFor_FromAnUnlistedPeer_DoesNotEscapeTheLimit()
    {
        await using var app = await TestApp.StartAsync(env.Postgres, SmallLimits(), "spoof");
        var client = app.CreateHttpClient();
        var token = InviteToken.Generate();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/invites/{token}");
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            statuses.Add((await client.SendAsync(request, Ct)).StatusCode);
        }

        statuses.ShouldBe([
            HttpStatusCode.NotFound,
            HttpStatusCode.NotFound,
            HttpStatusCode.NotFound,
            HttpStatusCode.TooManyRequests,
            HttpStatusCode.TooManyRequests,
            HttpStatusCode.TooManyRequests,
        ]);
    }

    [Fact]
    public async Task BehindAKnownProxy_EachForwardedClientHasItsOwnBudget()
    {
        await using var app = await TestApp.StartAsync(
            env.Postgres,
            SmallLimits(("ForwardedHeaders:KnownProxies:0", "127.0.0.1"), ("ForwardedHeaders:KnownProxies:1", "::1")),
            "proxy"
        );
        var client = app.CreateHttpClient();
        var token = InviteToken.Generate();

        async Task<HttpStatusCode> LookupAsync(string? forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/invites/{token}");
            if (forwardedFor is not null)
            {
                request.Headers.Add("X-Forwarded-For", forwardedFor);
            }

            return (await client.SendAsync(request, Ct)).StatusCode;
        }

        for (var i = 0; i < 3; i++)
        {
            (await LookupAsync("203.0.113.7")).ShouldBe(HttpStatusCode.NotFound);
        }

        (await LookupAsync("203.0.113.7")).ShouldBe(HttpStatusCode.TooManyRequests);
        (await LookupAsync("203.0.113.8")).ShouldBe(HttpStatusCode.NotFound);
        (await LookupAsync("2001:db8::1")).ShouldBe(HttpStatusCode.NotFound);
        // The proxy's own requests (no header) are a client of their own, too.
        (await LookupAsync(null)).ShouldBe(HttpStatusCode.NotFound);
        // Only the last hop is trusted (ForwardLimit 1): a client cannot prepend addresses to get fresh budgets.
        (await LookupAsync("192.0.2.1, 203.0.113.7")).ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task LandingPage_TheRequestAfterTheLimit_Answers429WithRetryAfterAndAPage()
    {
        await using var app = await TestApp.StartAsync(env.Postgres, SmallLimits(), "pagelimit");
        var (_, link) = await app.CreateOwnerWithLinkAsync();
        var browser = app.CreateHttpClient();

        for (var i = 0; i < 3; i++)
        {
            (await browser.GetAsync($"/invites/{link.Token}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var limited = await browser.GetAsync($"/invites/{link.Token}", Ct);
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        RetryAfterSeconds(limited).ShouldBeInRange(1, 60);
        (await limited.Content.ReadAsStringAsync(Ct)).ShouldContain("data-invite-state=\"rate-limited\"");
        // The page and the API draw on one look-up budget.
        await (await browser.GetAsync($"/api/v1/invites/{link.Token}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.TooManyRequests,
            "rate_limited"
        );
    }

    private static int RetryAfterSeconds(HttpResponseMessage response) =>
        (int)(
            response.Headers.RetryAfter?.Delta?.TotalSeconds
            ?? throw new ShouldAssertException("No Retry-After header in seconds.")
        );
}
