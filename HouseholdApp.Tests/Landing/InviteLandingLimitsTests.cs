using System.Net;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HouseholdApp.Tests.Landing;

/// <summary>Rate limits and logs of the landing page; each test starts its own app, so budgets and logs are its
/// own.</summary>
public sealed class InviteLandingLimitsTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TooManyLookups_GetTheFriendly429Page_WhileFormPostsDrawOnTheRedeemBudget()
    {
        await using var app = await TestApp.StartAsync(
            env.Postgres,
            new Dictionary<string, string?>
            {
                ["RateLimiting:InviteLookup:PermitLimit"] = "2",
                ["RateLimiting:InviteRedeem:PermitLimit"] = "2",
                ["RateLimiting:InviteLookup:WindowSeconds"] = "300",
                ["RateLimiting:InviteRedeem:WindowSeconds"] = "300",
            },
            prefix: "ratelimit"
        );
        var invite = await app.CreateInviteAsync();
        var client = app.CreateBrowserLikeClient();
        var form = await client.ReadHiddenFieldsAsync(invite.Path, "invite-signup");
        form["Input.Email"] = TestData.UniqueEmail("limited");
        form["Input.Password"] = TestData.DefaultPassword;
        form["Input.ConfirmPassword"] = "does-not-match-at-all";

        (await client.GetAsync(invite.Path, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var limited = await client.GetAsync(invite.Path, Ct);

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        int.Parse(
                limited.Headers.GetValues("Retry-After").ShouldHaveSingleItem(),
                System.Globalization.CultureInfo.InvariantCulture
            )
            .ShouldBeInRange(1, 300);
        limited.Headers.CacheControl.ShouldNotBeNull().NoStore.ShouldBeTrue();
        // Inline styles are allowed for MudBlazor's theme; scripts stay files of the app's own.
        var csp = limited.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem();
        csp.Split(';')
            .Select(d => d.Trim())
            .Single(d => d.StartsWith("script-src ", StringComparison.Ordinal))
            .ShouldBe("script-src 'self'");
        var html = WebUtility.HtmlDecode(await limited.Content.ReadAsStringAsync(Ct));
        PageText.InviteState(html).ShouldBe("rate-limited");
        html.ShouldContain("Too many attempts");
        html.ShouldContain("then open your invite link again");

        // Looking is used up, but posting the form has its own (smaller) budget.
        (await client.PostAsync(invite.Path, new FormUrlEncodedContent(form), Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        (await client.PostAsync(invite.Path, new FormUrlEncodedContent(form), Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        var thirdPost = await client.PostAsync(invite.Path, new FormUrlEncodedContent(form), Ct);
        thirdPost.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        PageText.InviteState(await thirdPost.Content.ReadAsStringAsync(Ct)).ShouldBe("rate-limited");
        (await app.UseCountAsync(invite)).ShouldBe(0);
    }

    [Fact]
    public async Task LandingPageFlows_NeverWriteTheTokenToTheLogs()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:HouseholdApp.Requests"] = "Debug",
        };
        var capture = new LogCapture();
        await using var app = await TestApp.StartAsync(env.Postgres, settings, "logs", s =>
            s.AddSingleton<ILoggerProvider>(capture)
        );
        var linesBeforeTraffic = capture.Entries.Count;
        var invite = await app.CreateInviteAsync();
        var signUp = app.CreateBrowserLikeClient();
        var (member, _) = await app.SignedInClientAsync();
        var malformed = "Zz" + invite.Token[2..] + "!";

        (await signUp.GetAsync(invite.Path, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await member.GetAsync(invite.Path, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await signUp.GetAsync($"/invites/{malformed}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (
            await signUp.SubmitFormAsync(
                invite.Path,
                "invite-signup",
                new Dictionary<string, string>
                {
                    ["Input.Email"] = TestData.UniqueEmail("logged"),
                    ["Input.Password"] = "short",
                    ["Input.ConfirmPassword"] = "short",
                }
            )
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        (
            await member.SubmitFormAsync(invite.Path, "invite-join", new Dictionary<string, string>())
        ).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await signUp.GetAsync(invite.Path, Ct)).StatusCode.ShouldBe(HttpStatusCode.Gone);
        // The request log is written as each request ends, which may be just after its response arrived.
        await capture.WaitForAsync(line =>
            line.Contains("GET /invites/{Token} answered 410", StringComparison.Ordinal)
        );

        capture.Entries.ShouldNotBeEmpty();
        capture.Entries.ShouldContain(
            line => line.Contains("/invites/{Token}", StringComparison.Ordinal),
            "the app's own request log names the route"
        );
        capture.Entries.Where(line => line.Contains(invite.Token, StringComparison.Ordinal)).ShouldBeEmpty();
        capture.Entries.Where(line => line.Contains(malformed, StringComparison.Ordinal)).ShouldBeEmpty();
        // Ordinary visits are not worth a warning (e.g. no clash between our no-store and antiforgery's headers).
        capture
            .Entries.Skip(linesBeforeTraffic)
            .Where(line =>
                line.StartsWith("Warning", StringComparison.Ordinal)
                || line.StartsWith("Error", StringComparison.Ordinal)
            )
            .ShouldBeEmpty();
    }
}
