using HouseholdApp.Components.Layout;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Landing;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Browser;

/// <summary>
/// The static pages (the invite flow has more scans of its own) have no serious or critical axe finding, on a desktop
/// and a phone, in light and dark mode. Light comes from the system preference with no choice made; dark is the
/// visitor's choice (the app bar's cookie), so both ways of picking a theme are scanned. (Chromium's emulated dark
/// system reaches the page's media queries but not the client hint of every request, after a redirect above all.)
/// The dark scans read the pages in German.
/// One class per width and theme, so the four run in parallel (a class's tests run one after another).
/// </summary>
public abstract class AccessibilityTests(TestEnvironment env, int width, string theme)
{
    [Fact]
    public async Task EveryPage_HasNoSeriousAccessibilityViolations()
    {
        await using var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new BrowserNewContextOptions
            {
                BypassCSP = true,
                ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 740 : 900 },
                IsMobile = width < 600,
                HasTouch = width < 600,
                ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
                // The dark scans read German: longer words must fit a phone too, and the language be declared.
                Locale = theme == "dark" ? "de-DE" : "en-US",
            }
        );
        if (theme == "dark")
        {
            await context.AddCookiesAsync([
                new Cookie
                {
                    Name = ThemePreference.CookieName,
                    Value = "dark",
                    Url = env.App.BaseAddress.ToString(),
                },
            ]);
        }

        var page = await context.NewPageAsync();
        var findings = new List<string>();
        var suffix = $"{width}-{theme}";

        async Task ScanAsync(string what, string? screenshot = null)
        {
            var expected = theme == "dark" ? PageBackground.Dark : PageBackground.Light;
            // The page, not just its address: scanned once it has loaded and its theme applies (polled, with a
            // deadline).
            await BrowserFlows.WaitForLoadAsync(page);
            await Assertions
                .Expect(page.Locator("body"))
                .ToHaveCSSAsync("background-color", expected, new() { Timeout = Eventually.TimeoutMs });
            if (width < 600)
            {
                (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(
                    width,
                    $"{what} fits the phone"
                );
            }

            if (screenshot is not null)
            {
                await Infrastructure.Browser.ScreenshotAsync(page, $"{screenshot}-{suffix}");
            }

            findings.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"{what} ({suffix}): {v}"));
        }

        await page.OpenAsync("/");
        await ScanAsync("home, signed out", "home-signed-out");
        if (width < 600)
        {
            await page.Locator("[data-test=menu-button]").TapAsync();
            await Assertions.Expect(page.Locator("[data-test=nav-signin]")).ToBeVisibleAsync();
            await ScanAsync("home, signed out, menu open", "menu-signed-out");
        }

        var invite = await env.App.CreateInviteAsync("Maple Street flat");
        await page.OpenAsync(invite.Path);
        await ScanAsync("invite, signed out", "invite-valid");
        var expired = await env.App.CreateInviteAsync();
        await env.App.ExpireAsync(expired);
        await page.OpenAsync(expired.Path);
        await ScanAsync("invite, expired", "invite-expired");

        await page.OpenAsync("/Account/Login");
        await ScanAsync("sign in", "login");
        await page.OpenAsync("/Account/Register");
        await page.Locator("[data-test=register-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=register-email-error]")).ToBeVisibleAsync();
        await ScanAsync("register, with errors", "register-errors");
        await page.OpenAsync("/Account/Lockout");
        await ScanAsync("lockout", "lockout");
        await page.OpenAsync("/Error");
        await ScanAsync("error", "error");
        await page.OpenAsync("/no-such-page");
        await ScanAsync("not found", "not-found");

        await BrowserFlows.RegisterAsync(page, "axe");
        await ScanAsync("households, empty");
        await page.OpenAsync("/");
        await ScanAsync("home, signed in");
        if (width < 600)
        {
            await page.Locator("[data-test=menu-button]").TapAsync();
            await Assertions.Expect(page.Locator("[data-test=sign-out]")).ToBeVisibleAsync();
            await ScanAsync("home, signed in, menu open", "menu-signed-in");
        }

        await page.OpenAsync(invite.Path);
        await ScanAsync("invite, signed in", "invite-valid-signed-in");
        await page.OpenAsync("/Account/Manage");
        await ScanAsync("account", "account");
        await page.OpenAsync("/Account/Manage/ChangePassword");
        await ScanAsync("change password");
        await page.OpenAsync("/Account/Manage/PersonalData");
        await ScanAsync("your data", "personal-data");
        await page.OpenAsync("/Account/Manage/DeleteAccount");
        await ScanAsync("delete account", "delete-account");
        await page.OpenAsync("/Account/Manage/TwoFactor");
        await page.Locator("[data-test=set-up-two-factor]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=two-factor-qr]")).ToBeVisibleAsync();
        await ScanAsync("two-factor set-up", "two-factor-set-up");

        findings.ShouldBeEmpty();
    }
}

public sealed class DesktopLightAccessibilityTests(TestEnvironment env) : AccessibilityTests(env, 1280, "light");

public sealed class DesktopDarkAccessibilityTests(TestEnvironment env) : AccessibilityTests(env, 1280, "dark");

public sealed class PhoneLightAccessibilityTests(TestEnvironment env) : AccessibilityTests(env, 375, "light");

public sealed class PhoneDarkAccessibilityTests(TestEnvironment env) : AccessibilityTests(env, 375, "dark");

/// <summary>The theme toggle of static pages, and following the system's theme.</summary>
public sealed class ThemeBrowserTests(TestEnvironment env)
{
    [Fact]
    public async Task ThemeMenu_RemembersTheChoice_AndFollowsTheSystemAgain_OnStaticPagesWithoutJavaScript()
    {
        await using var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new() { JavaScriptEnabled = false, ColorScheme = ColorScheme.Light }
        );
        var page = await context.NewPageAsync();
        Task<string> BackgroundAsync() =>
            page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

        async Task ChooseAsync(string mode)
        {
            await page.Locator("[data-test=theme-menu-button]").ClickAsync();
            await page.Locator($"[data-test=theme-{mode}]").ClickAsync();
        }

        await page.OpenAsync("/Account/Login");
        (await BackgroundAsync()).ShouldBe(PageBackground.Light);
        await Assertions.Expect(page.Locator("[data-test=theme-dark]")).ToBeHiddenAsync();

        await ChooseAsync("dark");

        await BrowserFlows.WaitForAddressAsync(page, "**/Account/Login");
        (await BackgroundAsync()).ShouldBe(PageBackground.Dark);
        await page.OpenAsync("/");
        (await BackgroundAsync()).ShouldBe(PageBackground.Dark, "the choice outlives the page");
        await ChooseAsync("system");
        await BrowserFlows.WaitForAddressAsync(page, "**/");
        (await BackgroundAsync()).ShouldBe(PageBackground.Light);
        await Assertions
            .Expect(page.Locator("[data-test=theme-toggle]"))
            .ToHaveAttributeAsync("data-theme-mode", "system");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FollowingTheSystem_ShowsADarkSystemInDark_FromTheFirstPageWithJavaScript_FromTheSecondWithout(
        bool javaScript
    )
    {
        await using var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new() { JavaScriptEnabled = javaScript, ColorScheme = ColorScheme.Dark }
        );
        var page = await context.NewPageAsync();

        // With JavaScript the page tells the server and reloads once; without it, Chromium sends the client hint the
        // first page asked for with every later request.
        await page.OpenAsync("/Account/Login");
        if (!javaScript)
        {
            await page.OpenAsync("/Account/Register");
        }

        await Eventually.UntilAsync(
            async () =>
                await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor")
                == PageBackground.Dark,
            "the page is dark"
        );
        await Assertions
            .Expect(page.Locator("[data-test=theme-toggle]"))
            .ToHaveAttributeAsync("data-theme-mode", "system");
    }
}

/// <summary>The page's background in each theme, as Chromium reports it: what shows which theme a page is in.</summary>
public static class PageBackground
{
    public const string Light = "rgb(246, 248, 251)";
    public const string Dark = "rgb(18, 24, 32)";
}
