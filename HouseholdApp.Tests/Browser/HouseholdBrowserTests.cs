using HouseholdApp.Tests.Infrastructure;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Browser;

public sealed class HouseholdBrowserTests(TestEnvironment env)
{
    [Fact]
    public async Task NewPerson_RegistersInTheBrowser_CreatesAHousehold_AndSeesItListed()
    {
        await using var context = await Infrastructure.Browser.NewContextAsync(env.App);
        var page = await context.NewPageAsync();
        var email = TestData.UniqueEmail("browser");

        await page.OpenAsync("/");
        await Infrastructure.Browser.ScreenshotAsync(page, "home-signed-out");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).First.ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestData.DefaultPassword);
        await page.GetByLabel("Confirm password").FillAsync(TestData.DefaultPassword);
        await page.Locator("[data-test=register-submit]").ClickAsync();

        await BrowserFlows.WaitForAddressAsync(page, "**/households", 60_000);
        await Assertions.Expect(page.Locator("[data-test=nav-user]")).ToHaveTextAsync(email[..email.IndexOf('@')]);
        await Assertions.Expect(page.Locator("[data-test=no-households]")).ToBeVisibleAsync();

        // An empty name is explained at the field, and nothing is created.
        await Assertions.Expect(page.Locator("[data-test=create-household]")).ToBeEnabledAsync();
        await page.Locator("[data-test=create-household]").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-input-helper-text.mud-input-error")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.GetByLabel("Name")).ToHaveAttributeAsync("aria-invalid", "true");
        page.Url.ShouldEndWith("/households");

        await page.GetByLabel("Name").FillAsync("Maple Street flat");
        await page.GetByLabel("Name").PressAsync("Enter");

        await BrowserFlows.WaitForAddressAsync(page, "**/households/*", 60_000);
        await Assertions.Expect(page.Locator("h1[data-test=household-name]")).ToHaveTextAsync("Maple Street flat");
        await Assertions.Expect(page.Locator("[data-test=member-row]")).ToContainTextAsync(email);
        await Infrastructure.Browser.ScreenshotAsync(page, "household");

        await page.Locator("[data-test=nav-households]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=household-link]")).ToHaveTextAsync("Maple Street flat");
        await Assertions.Expect(page.Locator("[data-test=household-member-count]")).ToHaveTextAsync("1 member");
        await Infrastructure.Browser.ScreenshotAsync(page, "households");
    }
}
