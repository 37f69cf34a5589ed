using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace HouseholdApp.Tests.Accounts;

/// <summary>
/// Two-factor sign-in with an authenticator app: turned on and off on the account page, asked for after the password
/// in the browser and in the API, with recovery codes that work once. The codes come from <see cref="Totp"/>, an
/// authenticator written apart from the app.
/// </summary>
public sealed partial class TwoFactorTests(TestEnvironment env)
{
    private const string Page = "/Account/Manage/TwoFactor";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Turns two-factor sign-in on through the account page, as a person without JavaScript would; returns
    /// the key the page showed and the recovery codes it handed out.</summary>
    private static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> TurnOnAsync(HttpClient client)
    {
        var setUp = await client.SubmitFormAsync(Page, "two-factor-set-up", FormPost.Fields());
        setUp.StatusCode.ShouldBe(HttpStatusCode.OK);
        var key = KeyShown()
            .Match(await setUp.Content.ReadAsStringAsync(Ct))
            .Groups[1]
            .Value.Replace(" ", "", StringComparison.Ordinal);
        key.Length.ShouldBeGreaterThanOrEqualTo(26, "the page shows the authenticator key");

        var on = await client.SubmitFormAsync(
            Page,
            "two-factor-enable",
            FormPost.Fields(("Enable.Code", Totp.Code(key)))
        );
        var html = await on.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("Two-factor sign-in is on.");
        var codes = CodeShown().Matches(html).Select(m => m.Groups[1].Value).ToList();
        return (key, codes);
    }

    /// <summary>The password, then the code, through the two forms; returns the answer to the code.</summary>
    private static async Task<HttpResponseMessage> SignInWithCodeAsync(
        HttpClient client,
        string email,
        string code,
        bool recovery = false
    )
    {
        var login = await client.SubmitFormAsync(
            "/Account/Login?ReturnUrl=%2Fhouseholds",
            "login",
            FormPost.Fields(("Input.Email", email), ("Input.Password", TestData.DefaultPassword))
        );
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var next = login.Headers.Location!.OriginalString;
        next.ShouldContain("Account/LoginWith2fa");
        return await client.SubmitFormAsync(
            next + (recovery ? "&UseRecoveryCode=true" : ""),
            "two-factor",
            FormPost.Fields(("Input.Code", code))
        );
    }

    private static async Task<bool> IsSignedInAsync(HttpClient client) =>
        (await client.GetAsync("/households", Ct)).StatusCode == HttpStatusCode.OK;

    [Fact]
    public async Task Page_InGerman_SetsUp_CountsTheCodesLeft_AndRefusesAWrongCode_InGerman()
    {
        var client = await env.App.SignedInBrowserClientAsync(
            await env.App.CreateUserAsync("totp-de", withPassword: true)
        );
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        static async Task<string> TextAsync(HttpResponseMessage response) =>
            PageText.VisibleText(
                PageText.MainContent(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)))
            );

        var off = PageText.VisibleText(
            PageText.MainContent(WebUtility.HtmlDecode(await client.GetStringAsync(Page, Ct)))
        );
        var setUp = await client.SubmitFormAsync(Page, "two-factor-set-up", FormPost.Fields());
        var setUpHtml = await setUp.Content.ReadAsStringAsync(Ct);
        var key = KeyShown().Match(setUpHtml).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        var empty = await TextAsync(
            await client.SubmitFormAsync(Page, "two-factor-enable", FormPost.Fields(("Enable.Code", "")))
        );
        var on = await TextAsync(
            await client.SubmitFormAsync(Page, "two-factor-enable", FormPost.Fields(("Enable.Code", Totp.Code(key))))
        );
        var wrong = await TextAsync(
            await client.SubmitFormAsync(Page, "two-factor-disable", FormPost.Fields(("Disable.Code", "000000")))
        );

        off.ShouldContain("Zwei-Faktor-Anmeldung");
        off.ShouldContain("Die Zwei-Faktor-Anmeldung ist aus.");
        off.ShouldContain("Authenticator-App einrichten");
        PageText
            .VisibleText(WebUtility.HtmlDecode(setUpHtml))
            .ShouldContain("Gib den sechsstelligen Code ein, den die App jetzt anzeigt.");
        empty.ShouldContain("Gib den Code ein.");
        on.ShouldContain("Die Zwei-Faktor-Anmeldung ist an.");
        on.ShouldContain("Deine Wiederherstellungscodes");
        on.ShouldContain($"{Features.Accounts.TwoFactorCodes.RecoveryCodeCount} Wiederherstellungscodes sind übrig.");
        on.ShouldContain("Du wurdest überall sonst abgemeldet.");
        wrong.ShouldContain("Fehler: Dieser Code passt nicht.");
        wrong.ShouldNotContain("Two-factor");
    }

    [Fact]
    public async Task SignIn_AsksForTheAppsCode_AfterThePassword_AndADeviceCanBeRemembered_InChromium()
    {
        var app = env.App;
        var user = await app.CreateUserAsync("totp", withPassword: true);
        var (key, _) = await TurnOnAsync(await app.SignedInBrowserClientAsync(user));

        await using var context = await Infrastructure.Browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.OpenAsync("/Account/Login?ReturnUrl=%2Fhouseholds");
        await page.Locator("[data-test=login-email]").FillAsync(user.Email);
        await page.Locator("[data-test=login-password]").FillAsync(TestData.DefaultPassword);
        await page.Locator("[data-test=login-submit]").ClickAsync();
        await BrowserFlows.WaitForAddressAsync(page, "**/Account/LoginWith2fa**");
        await Expect(page.Locator("[data-test=two-factor-login]")).ToBeVisibleAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "account-two-factor-sign-in");

        await page.Locator("[data-test=two-factor-code]").FillAsync(Totp.StaleCode(key));
        await page.Locator("[data-test=two-factor-submit]").ClickAsync();
        await Expect(page.Locator("[data-test=status-message]")).ToContainTextAsync("does not match");

        var code = Totp.Code(key);
        await page.Locator("[data-test=two-factor-code]").FillAsync(code[..3] + " " + code[3..]);
        await page.Locator("[data-test=two-factor-remember]").CheckAsync();
        await page.Locator("[data-test=two-factor-submit]").ClickAsync();
        await BrowserFlows.WaitForAddressAsync(page, "**/households");

        // This session ends; the device stays remembered, so the password alone signs in again here.
        await context.ClearCookiesAsync(new() { Name = "HouseholdApp.Auth" });
        await BrowserFlows.SignInAsync(page, user.Email, "/households");

        await page.OpenAsync(Page);
        await Expect(page.Locator("[data-test=two-factor-status]")).ToHaveTextAsync("Two-factor sign-in is on.");
        await Infrastructure.Browser.ScreenshotAsync(page, "account-two-factor-on");
        await page.Locator("[data-test=forget-browser]").ClickAsync();
        await Expect(page.Locator("[data-test=status-message]")).ToContainTextAsync("asks for a code again");
        await context.ClearCookiesAsync(new() { Name = "HouseholdApp.Auth" });
        await page.OpenAsync("/Account/Login?ReturnUrl=%2Fhouseholds");
        await page.Locator("[data-test=login-email]").FillAsync(user.Email);
        await page.Locator("[data-test=login-password]").FillAsync(TestData.DefaultPassword);
        await page.Locator("[data-test=login-submit]").ClickAsync();
        await BrowserFlows.WaitForAddressAsync(page, "**/Account/LoginWith2fa**");
    }

    [Fact]
    public async Task SetUp_InChromium_ShowsAQrCodeAndTheKey_AndTheRecoveryCodesOnce()
    {
        var app = env.App;
        var user = await app.CreateUserAsync("setup", withPassword: true);
        await using var context = await Infrastructure.Browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await BrowserFlows.SignInAsync(page, user.Email, Page);
        await Expect(page.Locator("[data-test=two-factor-status]")).ToHaveTextAsync("Two-factor sign-in is off.");

        await page.Locator("[data-test=set-up-two-factor]").ClickAsync();
        await Expect(page.Locator("[data-test=two-factor-qr]")).ToBeVisibleAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "account-two-factor-set-up");
        var key = (await page.Locator("[data-test=two-factor-key]").InnerTextAsync()).Replace(
            " ",
            "",
            StringComparison.Ordinal
        );
        await page.Locator("[data-test=enable-code]").FillAsync(Totp.StaleCode(key));
        await page.Locator("[data-test=enable-two-factor]").ClickAsync();
        await Expect(page.Locator("[data-test=status-message]")).ToContainTextAsync("does not match");
        await Expect(page.Locator("[data-test=two-factor-status]")).ToHaveTextAsync("Two-factor sign-in is off.");

        await page.Locator("[data-test=enable-code]").FillAsync(Totp.Code(key));
        await page.Locator("[data-test=enable-two-factor]").ClickAsync();
        await Expect(page.Locator("[data-test=recovery-codes] li")).ToHaveCountAsync(10);
        await Expect(page.Locator("[data-test=recovery-codes-left]")).ToContainTextAsync("10 recovery codes are left.");
        await Infrastructure.Browser.ScreenshotAsync(page, "account-two-factor-recovery-codes");

        // Still signed in here, and the codes are not shown again.
        await page.OpenAsync(Page);
        await Expect(page.Locator("[data-test=two-factor-status]")).ToHaveTextAsync("Two-factor sign-in is on.");
        await Expect(page.Locator("[data-test=recovery-codes]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task RecoveryCode_SignsInOnce_AndTheDatabaseHoldsNeitherTheKeyNorAnyCode()
    {
        var app = env.App;
        var user = await app.CreateUserAsync("recovery", withPassword: true);
        var (key, codes) = await TurnOnAsync(await app.SignedInBrowserClientAsync(user));
        codes.Count.ShouldBe(10);
        codes.Distinct().Count().ShouldBe(10);

        await using (var db = app.CreateDbContext())
        {
            var stored = await db.UserTokens.Where(t => t.UserId == user.UserId).Select(t => t.Value).ToListAsync(Ct);
            stored.Count.ShouldBe(2, "the authenticator key and the recovery codes");
            var all = string.Join("\n", stored).ToUpperInvariant();
            all.ShouldNotContain(key.ToUpperInvariant());
            foreach (var code in codes)
            {
                all.ShouldNotContain(code.ToUpperInvariant());
                all.ShouldNotContain(code.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant());
            }
        }

        var first = await SignInWithCodeAsync(
            app.CreateBrowserLikeClient(),
            user.Email,
            " " + codes[0].ToLowerInvariant() + " ",
            recovery: true
        );
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        first.Headers.Location!.OriginalString.ShouldEndWith("/households");

        var again = await SignInWithCodeAsync(app.CreateBrowserLikeClient(), user.Email, codes[0], recovery: true);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadAsStringAsync(Ct)).ShouldContain("That recovery code does not work.");

        var client = app.CreateBrowserLikeClient();
        (await SignInWithCodeAsync(client, user.Email, Totp.Code(key))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await (await client.GetAsync(Page, Ct)).Content.ReadAsStringAsync(Ct)).ShouldContain(
            "9 recovery codes are left."
        );
    }

    [Fact]
    public async Task TurningItOnOrOff_EndsEveryOtherSession_ButNotThisOne_AndOffTakesACode()
    {
        var app = await env.AppWithAsync(
            new Dictionary<string, string?> { ["Sessions:ValidationInterval"] = "00:00:01" }
        );
        var user = await app.CreateUserAsync("onoff", withPassword: true);
        var elsewhere = await app.SignedInBrowserClientAsync(user);
        var here = await app.SignedInBrowserClientAsync(user);

        var (key, codes) = await TurnOnAsync(here);
        await Eventually.UntilAsync(
            async () => !await IsSignedInAsync(elsewhere),
            "the other session ends when two-factor turns on"
        );
        (await IsSignedInAsync(here)).ShouldBeTrue();

        var second = app.CreateBrowserLikeClient();
        (await SignInWithCodeAsync(second, user.Email, Totp.Code(key))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await IsSignedInAsync(second)).ShouldBeTrue();

        var wrong = await here.SubmitFormAsync(
            Page,
            "two-factor-disable",
            FormPost.Fields(("Disable.Code", Totp.StaleCode(key)))
        );
        (await wrong.Content.ReadAsStringAsync(Ct)).ShouldContain("That code does not match.");
        (await (await here.GetAsync(Page, Ct)).Content.ReadAsStringAsync(Ct)).ShouldContain(
            "Two-factor sign-in is on."
        );

        var off = await here.SubmitFormAsync(Page, "two-factor-disable", FormPost.Fields(("Disable.Code", codes[^1])));
        (await off.Content.ReadAsStringAsync(Ct)).ShouldContain("Two-factor sign-in is off.");
        await Eventually.UntilAsync(
            async () => !await IsSignedInAsync(second),
            "the other session ends when two-factor turns off"
        );
        (await IsSignedInAsync(here)).ShouldBeTrue();
        await app.SignedInBrowserClientAsync(user); // the password alone signs in again
    }

    [Fact]
    public async Task ApiSignIn_TakesTheAppsCodeOrARecoveryCode()
    {
        var app = env.App;
        var user = await app.CreateUserAsync("apitotp", withPassword: true);
        var (key, codes) = await TurnOnAsync(await app.SignedInBrowserClientAsync(user));
        var api = app.CreateHttpClient();

        async Task<HttpStatusCode> LoginAsync(object body) =>
            (await api.PostAsJsonAsync("/api/v1/account/login", body, Ct)).StatusCode;

        (await LoginAsync(new { email = user.Email, password = TestData.DefaultPassword })).ShouldBe(
            HttpStatusCode.Unauthorized
        );
        (
            await LoginAsync(
                new
                {
                    email = user.Email,
                    password = TestData.DefaultPassword,
                    twoFactorCode = Totp.StaleCode(key),
                }
            )
        ).ShouldBe(HttpStatusCode.Unauthorized);
        (
            await LoginAsync(
                new
                {
                    email = user.Email,
                    password = TestData.DefaultPassword,
                    twoFactorCode = Totp.Code(key),
                }
            )
        ).ShouldBe(HttpStatusCode.OK);
        (
            await LoginAsync(
                new
                {
                    email = user.Email,
                    password = TestData.DefaultPassword,
                    twoFactorRecoveryCode = codes[1],
                }
            )
        ).ShouldBe(HttpStatusCode.OK);
        (
            await LoginAsync(
                new
                {
                    email = user.Email,
                    password = TestData.DefaultPassword,
                    twoFactorRecoveryCode = codes[1],
                }
            )
        ).ShouldBe(HttpStatusCode.Unauthorized, "a recovery code works once");
    }

    [Fact]
    public async Task ApiTurnsItOn_ThroughManage2fa_WhichEndsEverySessionOfTheAccount_ItsOwnToo()
    {
        var app = await env.AppWithAsync(
            new Dictionary<string, string?> { ["Sessions:ValidationInterval"] = "00:00:01" }
        );
        var user = await app.CreateUserAsync("apion", withPassword: true);
        var login = await app.CreateHttpClient()
            .PostAsJsonAsync(
                "/api/v1/account/login",
                new { email = user.Email, password = TestData.DefaultPassword },
                Ct
            );
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString();
        var api = app.CreateHttpClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var state = await (
            await api.PostAsJsonAsync("/api/v1/account/manage/2fa", new { }, Ct)
        ).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var key = state.GetProperty("sharedKey").GetString()!;
        var on = await api.PostAsJsonAsync(
            "/api/v1/account/manage/2fa",
            new { enable = true, twoFactorCode = Totp.Code(key) },
            Ct
        );
        on.StatusCode.ShouldBe(HttpStatusCode.OK);
        var codes = (await on.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("recoveryCodes")
            .EnumerateArray()
            .Select(c => c.GetString()!)
            .ToList();
        codes.Count.ShouldBe(10);

        await Eventually.UntilAsync(
            async () => (await api.GetAsync("/api/v1/households", Ct)).StatusCode == HttpStatusCode.Unauthorized,
            "the token that turned two-factor on ends with the others"
        );
        var again = await app.CreateHttpClient()
            .PostAsJsonAsync(
                "/api/v1/account/login",
                new
                {
                    email = user.Email,
                    password = TestData.DefaultPassword,
                    twoFactorRecoveryCode = codes[0],
                },
                Ct
            );
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SecretsStoredBeforeTheyWereProtected_StillWork_ButAStoredHashIsNoCode()
    {
        var app = env.App;
        var user = await app.CreateUserAsync("legacy", withPassword: true);
        const string key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        await using (var db = app.CreateDbContext())
        {
            const string store = "[AspNetUserStore]";
            db.UserTokens.Add(
                new()
                {
                    UserId = user.UserId,
                    LoginProvider = store,
                    Name = "AuthenticatorKey",
                    Value = key,
                }
            );
            db.UserTokens.Add(
                new()
                {
                    UserId = user.UserId,
                    LoginProvider = store,
                    Name = "RecoveryCodes",
                    Value = "PLAIN-CODE1;sha256:0123abcd",
                }
            );
            await db
                .Users.Where(u => u.Id == user.UserId)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.TwoFactorEnabled, true), Ct);
            await db.SaveChangesAsync(Ct);
        }

        var api = app.CreateHttpClient();
        async Task<HttpStatusCode> LoginAsync(object body) =>
            (await api.PostAsJsonAsync("/api/v1/account/login", body, Ct)).StatusCode;

        (
            await LoginAsync(
                new
                {
                    email = user.Email,
                    password = TestData.DefaultPassword,
                    twoFactorCode = Totp.Code(key),
                }
            )
        ).ShouldBe(HttpStatusCode.OK);
        (
            await LoginAsync(
                new
                {
                    email = user.Email,
                    password = TestData.DefaultPassword,
                    twoFactorRecoveryCode = "sha256:0123abcd",
                }
            )
        ).ShouldBe(HttpStatusCode.Unauthorized);
        (
            await LoginAsync(
                new
                {
                    email = user.Email,
                    password = TestData.DefaultPassword,
                    twoFactorRecoveryCode = "PLAIN-CODE1",
                }
            )
        ).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WrongCodes_LockTheAccountForAWhile_AndTheStepNeedsThePasswordFirst()
    {
        var app = env.App;
        var user = await app.CreateUserAsync("guess", withPassword: true);
        var (key, _) = await TurnOnAsync(await app.SignedInBrowserClientAsync(user));

        var client = app.CreateBrowserLikeClient();
        var stray = await client.GetAsync("/Account/LoginWith2fa?ReturnUrl=%2Fhouseholds", Ct);
        stray.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        stray.Headers.Location!.OriginalString.ShouldContain("Account/Login?ReturnUrl=%2Fhouseholds");

        var tooLong = await SignInWithCodeAsync(client, user.Email, new string('1', 5000));
        tooLong.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tooLong.Content.ReadAsStringAsync(Ct)).ShouldContain("That is longer than any code.");

        HttpResponseMessage answer = null!;
        for (var attempt = 0; attempt < 5 && answer?.StatusCode != HttpStatusCode.Redirect; attempt++)
        {
            answer = await SignInWithCodeAsync(client, user.Email, Totp.StaleCode(key));
        }

        answer.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        answer.Headers.Location!.OriginalString.ShouldEndWith("Account/Lockout");
        // Now even the right password stops at the lockout, before any code.
        var again = await app.CreateBrowserLikeClient()
            .SubmitFormAsync(
                "/Account/Login",
                "login",
                FormPost.Fields(("Input.Email", user.Email), ("Input.Password", TestData.DefaultPassword))
            );
        again.Headers.Location!.OriginalString.ShouldEndWith("Account/Lockout");
    }

    [GeneratedRegex("data-test=\"two-factor-key\">([a-z2-7 ]+)</code>")]
    private static partial Regex KeyShown();

    [GeneratedRegex("<li><code>([A-Z0-9-]+)</code></li>")]
    private static partial Regex CodeShown();
}
