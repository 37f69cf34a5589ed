using HouseholdApp.Tests.Infrastructure;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.ExternalLogins;

/// <summary>/Account/Manage/ExternalLogins: linking a provider to a signed-in account, and unlinking it.</summary>
public sealed class OidcManageTests(TestEnvironment env)
{
    private const string ManagePath = "/Account/Manage/ExternalLogins";

    [Fact]
    public async Task PasswordAccount_LinksTheProvider_SignsInWithIt_AndUnlinksIt()
    {
        var app = await OidcTestbed.AppAsync(env);
        var provider = await OidcTestbed.ProviderAsync();
        var user = await app.CreateUserAsync("oidc-link", withPassword: true);
        var elsewhere = TestData.UniqueEmail("oidc-work");
        var subject = "sub-" + Guid.NewGuid().ToString("N");
        var (browser, page, errors) = await OidcTestbed.BrowserAsync(app);
        await using var _ = browser;
        await provider.SignInAsAsync(browser, elsewhere, subject);
        await BrowserFlows.SignInAsync(page, user.Email, ManagePath);

        await page.Locator("[data-test=external-link-test]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-test=status-message]")).ToContainTextAsync("Test ID is linked");
        await Assertions.Expect(page.Locator("[data-test=external-login-name]")).ToHaveTextAsync("Test ID");
        await Infrastructure.Browser.ScreenshotAsync(page, "oidc-manage-linked");
        (await OidcTestbed.LoginsOfAsync(app, user.Email)).ShouldBe([OidcTestbed.Scheme]);

        // Another browser: the provider now signs in to this account, and no account is made for its own address.
        var (other, otherPage, otherErrors) = await OidcTestbed.BrowserAsync(app);
        await using (other)
        {
            await provider.SignInAsAsync(other, elsewhere, subject);
            await otherPage.GotoAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString("/Account/Manage")}");
            await OidcTestbed.ContinueWithAsync(otherPage);
            await OidcTestbed.WaitForAddressAsync(otherPage, app, "**/Account/Manage");
            await Assertions.Expect(otherPage.Locator("#username")).ToHaveValueAsync(user.Email);
            (await app.UserExistsAsync(elsewhere)).ShouldBeFalse();
            otherErrors.ShouldBeEmpty();
        }

        await page.Locator("[data-test=external-login-remove]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-test=status-message]")).ToContainTextAsync("Test ID is unlinked");
        await Assertions.Expect(page.Locator("[data-test=external-logins-empty]")).ToBeVisibleAsync();
        (await OidcTestbed.LoginsOfAsync(app, user.Email)).ShouldBeEmpty();
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task TheOnlyWayToSignIn_CannotBeUnlinked()
    {
        var app = await OidcTestbed.AppAsync(env);
        var provider = await OidcTestbed.ProviderAsync();
        var email = TestData.UniqueEmail("oidc-only");
        var (browser, page, errors) = await OidcTestbed.BrowserAsync(app);
        await using var _ = browser;
        await provider.SignInAsAsync(browser, email);
        await page.GotoAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(ManagePath)}");
        await OidcTestbed.ContinueWithAsync(page);
        await OidcTestbed.WaitForAddressAsync(page, app, "**" + ManagePath);

        await page.Locator("[data-test=external-login-remove]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-test=status-message]")).ToContainTextAsync("only way to sign in");
        (await OidcTestbed.LoginsOfAsync(app, email)).ShouldBe([OidcTestbed.Scheme]);
        errors.ShouldBeEmpty();
    }
}
