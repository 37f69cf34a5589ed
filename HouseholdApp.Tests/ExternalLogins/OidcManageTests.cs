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
        var user = await app.CreateUserAsync("oidc-link", withPassword: true);
        var subject = "sub-" + Guid.NewGuid().ToString("N");
        await using var visitor = await OidcTestbed.VisitorAsync(app, "oidc-work", subject: subject);
        var page = visitor.Page;
        await BrowserFlows.SignInAsync(page, user.Email, ManagePath);

        await page.Locator("[data-test=external-link-test]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-test=status-message]")).ToContainTextAsync("Test ID is linked");
        await Assertions.Expect(page.Locator("[data-test=external-login-name]")).ToHaveTextAsync("Test ID");
        await Infrastructure.Browser.ScreenshotAsync(page, "oidc-manage-linked");
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();
        (await OidcTestbed.LoginsOfAsync(app, user.Email)).ShouldBe([OidcTestbed.Scheme]);

        // Another browser: the provider now signs in to this account, and no account is made for its own address.
        await using (var other = await OidcTestbed.VisitorAsync(app, "", visitor.Email, subject))
        {
            await other.Page.OpenAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString("/Account/Manage")}");
            await OidcTestbed.ContinueWithAsync(other.Page);
            await OidcTestbed.WaitForAddressAsync(other.Page, app, "**/Account/Manage");
            await Assertions.Expect(other.Page.Locator("#username")).ToHaveValueAsync(user.Email);
            (await app.UserExistsAsync(visitor.Email)).ShouldBeFalse();
            other.ServerErrors.ShouldBeEmpty();
        }

        await page.Locator("[data-test=external-login-remove]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-test=status-message]")).ToContainTextAsync("Test ID is unlinked");
        await Assertions.Expect(page.Locator("[data-test=external-logins-empty]")).ToBeVisibleAsync();
        (await OidcTestbed.LoginsOfAsync(app, user.Email)).ShouldBeEmpty();
        visitor.ServerErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task TheOnlyWayToSignIn_CannotBeUnlinked()
    {
        var app = await OidcTestbed.AppAsync(env);
        await using var visitor = await OidcTestbed.VisitorAsync(app, "oidc-only");
        var page = visitor.Page;
        await page.OpenAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(ManagePath)}");
        await OidcTestbed.ContinueWithAsync(page);
        await OidcTestbed.WaitForAddressAsync(page, app, "**" + ManagePath);

        await page.Locator("[data-test=external-login-remove]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-test=status-message]")).ToContainTextAsync("only way to sign in");
        (await OidcTestbed.LoginsOfAsync(app, visitor.Email)).ShouldBe([OidcTestbed.Scheme]);
        visitor.ServerErrors.ShouldBeEmpty();
    }
}
