using HouseholdApp.Tests.Infrastructure;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Languages;

/// <summary>The language as a person meets it in Chromium: the browser's own language first, then the app bar's
/// menu, which works without JavaScript.</summary>
public sealed class LanguageBrowserTests(TestEnvironment env)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AGermanBrowser_GetsGerman_AndTheMenuSwitchesToEnglish_OnTheSamePage(bool javaScript)
    {
        await using var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new BrowserNewContextOptions { Locale = "de-DE", JavaScriptEnabled = javaScript }
        );
        var page = await context.NewPageAsync();

        await page.OpenAsync("/Account/Register?ReturnUrl=%2Fhouseholds");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Assertions.Expect(page.Locator("[data-test=nav-signin]")).ToHaveTextAsync("Anmelden");

        await page.Locator("[data-test=language-menu-button]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=language-en]")).ToHaveTextAsync("English");
        await page.Locator("[data-test=language-en]").ClickAsync();

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator("[data-test=nav-signin]")).ToHaveTextAsync("Sign in");
        page.Url.ShouldEndWith("/Account/Register?ReturnUrl=%2Fhouseholds");
        await Assertions.Expect(page.Locator("[data-test=language-en]")).ToHaveAttributeAsync("aria-pressed", "true");
    }
}
