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
        var email = TestApp.UniqueEmail("browser");

        await page.GotoAsync("/");
        await Infrastructure.Browser.ScreenshotAsync(page, "home-signed-out");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).First.ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestApp.DefaultPassword);
        await page.GetByLabel("Confirm password").FillAsync(TestApp.DefaultPassword);
        await page.Locator("[data-test=register-submit]").ClickAsync();

        await page.WaitForURLAsync("**/households");
        await Assertions.Expect(page.Locator("[data-test=nav-user]")).ToContainTextAsync(email);
        await Assertions.Expect(page.Locator("[data-test=no-households]")).ToBeVisibleAsync();
        await page.GetByLabel("Name").FillAsync("Maple Street flat");
        await page.Locator("[data-test=create-household]").ClickAsync();

        await page.WaitForURLAsync("**/households/*");
        await Assertions.Expect(page.Locator("h1[data-test=household-name]")).ToHaveTextAsync("Maple Street flat");
        await Assertions.Expect(page.Locator("[data-test=member-row]")).ToContainTextAsync(email);
        await Infrastructure.Browser.ScreenshotAsync(page, "household");

        await page.Locator("[data-test=nav-households]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=household-link]")).ToHaveTextAsync("Maple Street flat");
        await Infrastructure.Browser.ScreenshotAsync(page, "households");
    }
}
