using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using HouseholdApp.Features.Sessions;
using HouseholdApp.Tests.Infrastructure;
using static HouseholdApp.Tests.Sessions.SessionClients;

namespace HouseholdApp.Tests.Sessions;

/// <summary>
/// The person's own sessions (SPEC section 10): the page /Account/Manage/Sessions without JavaScript and the API under
/// /api/v1/account/sessions. Ending a session reaches its cookie, bearer and refresh tokens within the validation
/// interval (one second here).
/// </summary>
public sealed class SessionsPageTests(TestEnvironment env)
{
    private const string Page = "/Account/Manage/Sessions";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<TestApp> AppAsync() =>
        env.AppWithAsync(new Dictionary<string, string?> { ["Sessions:ValidationInterval"] = "00:00:01" });

    private static async Task<List<SessionInfo>> ListAsync(TestApp app, string accessToken)
    {
        var response = await BearerClient(app, accessToken).GetAsync("/api/v1/account/sessions", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<List<SessionInfo>>(Json, Ct))!;
    }

    /// <summary>Posts a form of the sessions page and follows the redirect back; returns the page's main
    /// text.</summary>
    private static async Task<string> PostAndReadAsync(
        HttpClient browser,
        string form,
        Dictionary<string, string> fields
    )
    {
        var posted = await browser.SubmitFormAsync(Page, form, fields);
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync(Ct));
        return PageText.VisibleText(PageText.MainContent(await browser.GetStringAsync(posted.Headers.Location, Ct)));
    }

    [Fact]
    public async Task Page_ListsEverySession_MostRecentFirst_AndMarksThisDevice()
    {
        var app = await AppAsync();
        var user = await app.CreateUserAsync("listed", withPassword: true);
        await SignInAsync(
            app,
            user.Email,
            userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
        );
        var (browser, _) = await SignInAsync(app, user.Email);

        var html = await browser.GetStringAsync(Page, Ct);

        var text = PageText.VisibleText(PageText.MainContent(html));
        text.ShouldContain("Unknown device This device Browser · signed in");
        text.ShouldContain("Firefox on Windows Browser · signed in");
        // The test user's own API session (TestData starts one, user agent "tests").
        text.ShouldContain("API client API · signed in");
        text.IndexOf("This device", StringComparison.Ordinal)
            .ShouldBeLessThan(text.IndexOf("Firefox on Windows", StringComparison.Ordinal));
        html.ShouldContain("UTC");
    }

    [Fact]
    public async Task Page_InGerman_NamesDevicesAndTimes_AndCountsTheSessionsItEnded()
    {
        var app = await AppAsync();
        var user = await app.CreateUserAsync("sessions-de", withPassword: true);
        await SignInAsync(
            app,
            user.Email,
            userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
        );
        var (browser, _) = await SignInAsync(app, user.Email);
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var text = PageText.VisibleText(
            PageText.MainContent(WebUtility.HtmlDecode(await browser.GetStringAsync(Page, Ct)))
        );
        // This browser's session, the Firefox one and the test user's own API session.
        var two = WebUtility.HtmlDecode(await PostAndReadAsync(browser, "sessions-end-others", []));
        await SignInAsync(app, user.Email);
        var one = WebUtility.HtmlDecode(await PostAndReadAsync(browser, "sessions-end-others", []));

        text.ShouldContain("Sitzungen");
        text.ShouldContain("Unbekanntes Gerät Dieses Gerät Browser · angemeldet am");
        text.ShouldContain("Firefox unter Windows Browser · angemeldet am");
        text.ShouldContain("API-Client API · angemeldet am");
        text.ShouldContain("zuletzt aktiv am");
        text.ShouldContain("Überall sonst abmelden");
        two.ShouldContain("2 andere Sitzungen abgemeldet.");
        one.ShouldContain("1 andere Sitzung abgemeldet.");
    }

    [Fact]
    public async Task SigningOutAnotherSession_FromThePage_EndsItsCookie_AndKeepsThisOne()
    {
        var app = await AppAsync();
        var user = await app.CreateUserAsync("endone", withPassword: true);
        var (_, otherCookie) = await SignInAsync(
            app,
            user.Email,
            userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                + "Version/17.5 Safari/605.1.15"
        );
        var (browser, _) = await SignInAsync(app, user.Email);
        var other = CopiedCookieClient(app, otherCookie);
        (await IsSignedInAsync(other)).ShouldBeTrue();
        var mac = (await ListAsync(app, (await ApiLoginAsync(app, user.Email)).AccessToken)).Single(s =>
            s.Device == "Safari on macOS"
        );

        var text = await PostAndReadAsync(browser, "session-end", new() { ["EndId"] = mac.Id });

        text.ShouldContain("Signed out Safari on macOS.");
        text.ShouldNotContain("Safari on macOS Browser");
        await Eventually.UntilAsync(async () => !await IsSignedInAsync(other), "the other browser's cookie is refused");
        (await IsSignedInAsync(browser)).ShouldBeTrue();
    }

    [Fact]
    public async Task SigningOutEverywhereElse_EndsOtherCookies_BearerAndRefreshTokens_ButNotThisBrowser()
    {
        var app = await AppAsync();
        var user = await app.CreateUserAsync("everywhere", withPassword: true);
        var (_, otherCookie) = await SignInAsync(app, user.Email);
        var tokens = await ApiLoginAsync(app, user.Email);
        var (browser, _) = await SignInAsync(app, user.Email);
        var other = CopiedCookieClient(app, otherCookie);

        var text = await PostAndReadAsync(browser, "sessions-end-others", []);

        // The other browser, the API login and the test user's own API session.
        text.ShouldContain("Signed out 3 other sessions.");
        await Eventually.UntilAsync(async () => !await IsSignedInAsync(other), "the other browser's cookie is refused");
        await Eventually.UntilAsync(
            async () => await ApiStatusAsync(app, tokens.AccessToken) == HttpStatusCode.Unauthorized,
            "the bearer token is refused"
        );
        (await RefreshAsync(app, tokens.RefreshToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await user.Client.GetAsync("/api/v1/households", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await IsSignedInAsync(browser)).ShouldBeTrue();
        PageText.VisibleText(await browser.GetStringAsync(Page, Ct)).ShouldContain("This device");
    }

    [Fact]
    public async Task SigningOutThisDevice_FromThePage_SignsOut()
    {
        var app = await AppAsync();
        var user = await app.CreateUserAsync("self", withPassword: true);
        var (browser, cookie) = await SignInAsync(app, user.Email);
        var html = await browser.GetStringAsync(Page, Ct);
        var mine = (await ListAsync(app, (await ApiLoginAsync(app, user.Email)).AccessToken)).Single(s =>
            s.Kind == SessionKind.Browser
        );

        var posted = await browser.SubmitFormAsync(
            Page,
            "session-end",
            new Dictionary<string, string> { ["EndId"] = mine.Id }
        );

        html.ShouldContain($"value=\"{mine.Id}\"");
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        posted.Headers.Location!.ToString().ShouldContain("/Account/Login");
        (await IsSignedInAsync(browser)).ShouldBeFalse();
        await Eventually.UntilAsync(
            async () => !await IsSignedInAsync(CopiedCookieClient(app, cookie)),
            "a copy of the cookie is refused"
        );
    }

    [Fact]
    public async Task AnotherAccountsSession_CannotBeEnded_FromThePageOrTheApi()
    {
        var app = await AppAsync();
        var victim = await app.CreateUserAsync("victim", withPassword: true);
        var (victimBrowser, _) = await SignInAsync(app, victim.Email);
        var victimTokens = await ApiLoginAsync(app, victim.Email);
        var theirs = await ListAsync(app, victimTokens.AccessToken);
        var (attacker, _) = await SignInAsync(app, (await app.CreateUserAsync("attacker", withPassword: true)).Email);
        var attackerApi = (await app.CreateUserAsync("api-attacker")).Client;

        foreach (var session in theirs)
        {
            (await PostAndReadAsync(attacker, "session-end", new() { ["EndId"] = session.Id })).ShouldContain(
                "That session has already ended."
            );
            await (await attackerApi.DeleteAsync($"/api/v1/account/sessions/{session.Id}", Ct)).ShouldBeProblemAsync(
                HttpStatusCode.NotFound,
                "session_not_found"
            );
        }

        (await ListAsync(app, victimTokens.AccessToken))
            .Select(s => s.Id)
            .Order()
            .ShouldBe(theirs.Select(s => s.Id).Order());
        (await IsSignedInAsync(victimBrowser)).ShouldBeTrue();
        (await ApiStatusAsync(app, victimTokens.AccessToken)).ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a session")]
    [InlineData("AAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAA\u0001")]
    [InlineData("../../../../../../../../../../../../../../../../../../../../../../etc/passwd")]
    public async Task GarbageSignOutPosts_ShowAMessage_NeverAnError(string garbage)
    {
        var app = await AppAsync();
        var (browser, _) = await SignInAsync(app, (await app.CreateUserAsync("garbage", withPassword: true)).Email);

        var text = await PostAndReadAsync(browser, "session-end", new() { ["EndId"] = garbage });

        text.ShouldContain("Error:");
        text.ShouldContain("This device");
        (await IsSignedInAsync(browser)).ShouldBeTrue();
    }

    [Fact]
    public async Task PostsWithoutTheirFormOrAntiforgeryToken_AreRefused_NotFailed()
    {
        var app = await AppAsync();
        var (browser, _) = await SignInAsync(app, (await app.CreateUserAsync("forged", withPassword: true)).Email);
        var fields = await browser.ReadHiddenFieldsAsync(Page, "session-end");

        var noToken = await browser.PostAsync(
            Page,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "session-end", ["EndId"] = "x" }),
            Ct
        );
        var unknownForm = await browser.PostAsync(
            Page,
            new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["_handler"] = "no-such-form" }),
            Ct
        );
        var twice = await browser.PostAsync(
            Page,
            new FormUrlEncodedContent([.. fields, new("EndId", "a"), new("EndId", "b")]),
            Ct
        );

        ((int)noToken.StatusCode).ShouldBe(400);
        ((int)unknownForm.StatusCode).ShouldBe(400);
        ((int)twice.StatusCode).ShouldBeLessThan(500);
        app.RecentErrors().ShouldNotContain("Sessions");
    }

    [Fact]
    public async Task Api_ListsTheCallersSessions_WithHandlesNotSessionIds_AndEndsOneOrAllOthers()
    {
        var app = await AppAsync();
        var user = await app.CreateUserAsync("api", withPassword: true);
        var first = await ApiLoginAsync(app, user.Email);
        var second = await ApiLoginAsync(app, user.Email);
        var (browser, cookie) = await SignInAsync(app, user.Email);
        var caller = BearerClient(app, first.AccessToken);

        var listed = await ListAsync(app, first.AccessToken);
        listed.Count.ShouldBe(4);
        listed.Single(s => s.Current).Kind.ShouldBe(SessionKind.Api);
        listed.ShouldAllBe(s => s.Id.Length == AccountSessions.HandleLength);
        listed.Select(s => s.LastSeenAt).ShouldBeInOrder(SortDirection.Descending);
        (await app.CreateHttpClient().GetAsync("/api/v1/account/sessions", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Unauthorized
        );
        (await CopiedCookieClient(app, cookie).GetAsync("/api/v1/account/sessions", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Unauthorized
        );

        await (await caller.DeleteAsync("/api/v1/account/sessions/not-a-handle", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.BadRequest,
            "invalid_session_id"
        );
        await (await caller.DeleteAsync("/api/v1/account/sessions/AAAAAAAAAAAAAAAA", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound,
            "session_not_found"
        );
        var browserHandle = listed.Single(s => s.Kind == SessionKind.Browser).Id;
        (await caller.DeleteAsync($"/api/v1/account/sessions/{browserHandle}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NoContent
        );
        await Eventually.UntilAsync(
            async () => !await IsSignedInAsync(browser),
            "the ended browser's cookie is refused"
        );
        await (await caller.DeleteAsync($"/api/v1/account/sessions/{browserHandle}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound,
            "session_not_found"
        );

        var revoked = await caller.PostAsync("/api/v1/account/sessions/revoke", null, Ct);
        revoked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await revoked.Content.ReadFromJsonAsync<RevokedSessionsResponse>(Ct))!.Ended.ShouldBe(2);
        await Eventually.UntilAsync(
            async () => await ApiStatusAsync(app, second.AccessToken) == HttpStatusCode.Unauthorized,
            "the other token is refused"
        );
        (await RefreshAsync(app, second.RefreshToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ListAsync(app, first.AccessToken)).ShouldHaveSingleItem().Current.ShouldBeTrue();

        // Its own session, by its handle: a sign-out.
        (
            await caller.DeleteAsync($"/api/v1/account/sessions/{listed.Single(s => s.Current).Id}", Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await Eventually.UntilAsync(
            async () => await ApiStatusAsync(app, first.AccessToken) == HttpStatusCode.Unauthorized,
            "the caller's token is refused"
        );
        (await RefreshAsync(app, first.RefreshToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
