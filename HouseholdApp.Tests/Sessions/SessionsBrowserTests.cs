using HouseholdApp.Components.Layout;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HouseholdApp.Tests.Sessions;

/// <summary>The sessions page in Chromium: two browsers signed in to one account, one signs the other out.</summary>
public sealed class SessionsBrowserTests(TestEnvironment env)
{
    private const string FirefoxOnWindows =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

    [Fact]
    public async Task TwoBrowsers_BothListed_OneSignsTheOtherOut_AndThePageReadsWellAtEveryWidthAndTheme()
    {
        var app = await env.AppWithAsync(
            new Dictionary<string, string?> { ["Sessions:ValidationInterval"] = "00:00:01" }
        );
        var user = await app.CreateUserAsync("two-browsers", withPassword: true);
        await using var laptop = await Infrastructure.Browser.NewContextAsync(app, new() { BypassCSP = true });
        await using var other = await Infrastructure.Browser.NewContextAsync(
            app,
            new() { UserAgent = FirefoxOnWindows }
        );
        var otherPage = await other.NewPageAsync();
        await BrowserFlows.SignInAsync(otherPage, user.Email, "/households");
        var page = await laptop.NewPageAsync();
        await BrowserFlows.SignInAsync(page, user.Email, "/Account/Manage/Sessions");

        var rows = page.Locator("[data-test=session-row]");
        // This browser, the other one, and the test user's API session.
        await Expect(rows).ToHaveCountAsync(3);
        // The rows' order is by last use, which the other browser's live page may renew at any moment.
        var current = page.Locator("[data-test=session-row][data-current=true]");
        await Expect(current.Locator("[data-test=session-device]")).ToHaveTextAsync("Chrome on Linux");
        await Expect(current.Locator("[data-test=session-current]")).ToHaveTextAsync("This device");
        var otherRow = rows.Filter(new() { HasText = "Firefox on Windows" });
        await Expect(otherRow.Locator("[data-test=session-facts]")).ToContainTextAsync("Browser · signed in");
        await Expect(rows.Filter(new() { HasText = "API client" })).ToHaveCountAsync(1);

        var findings = new List<string>();
        foreach (var theme in new[] { "light", "dark" })
        {
            if (theme == "dark")
            {
                await laptop.AddCookiesAsync([
                    new Cookie
                    {
                        Name = ThemePreference.CookieName,
                        Value = "dark",
                        Url = app.BaseAddress.ToString(),
                    },
                ]);
                await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
                await page.ReloadAsync();
            }

            foreach (var width in new[] { 1280, 375 })
            {
                await page.SetViewportSizeAsync(width, 800);
                await Infrastructure.Browser.ScreenshotAsync(page, $"account-sessions-{theme}-{width}");
                (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(
                    width
                );
                findings.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"{theme}, {width} px: {v}"));
            }
        }

        findings.ShouldBeEmpty();

        await page.SetViewportSizeAsync(1280, 800);
        await otherRow.Locator("[data-test=session-end]").ClickAsync();

        await Expect(page.Locator("[data-test=status-message]")).ToHaveTextAsync("Signed out Firefox on Windows.");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(otherRow).ToHaveCountAsync(0);
        await Infrastructure.Browser.ScreenshotAsync(page, "account-sessions-signed-out-other");
        await Eventually.UntilAsync(
            async () => (await otherPage.APIRequest.GetAsync("/households", new() { MaxRedirects = 0 })).Status == 302,
            "the other browser's cookie is refused"
        );
        await otherPage.OpenAsync("/households");
        await BrowserFlows.WaitForAddressAsync(otherPage, "**/Account/Login?*");
        await page.OpenAsync("/households");
        await BrowserFlows.WaitForAddressAsync(page, "**/households");
    }
}
