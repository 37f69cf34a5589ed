using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HouseholdApp.Tests.Passkeys;

/// <summary>Passkeys in Chromium with a virtual authenticator: add one, sign in with it, join a household with a new
/// passkey account.</summary>
public sealed class PasskeyBrowserTests(TestEnvironment env)
{
    private static readonly PageWaitForURLOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

    private TestApp App => env.App;

    [Fact]
    public async Task AddAPasskey_RenameIt_SignInWithIt_AndRemoveIt()
    {
        var user = await App.CreateUserAsync("passkey", withPassword: true);
        var (context, page) = await VirtualAuthenticator.OpenAsync(App);
        await using var _ = context;

        await BrowserFlows.SignInAsync(page, user.Email, "/Account/Manage/Passkeys");
        await Expect(page.Locator("[data-test=passkeys-empty]")).ToBeVisibleAsync();
        await page.Locator("[data-test=passkey-new-name]").FillAsync("Laptop");
        var add = page.Locator("[data-test=passkey-add]");
        await Expect(add).ToBeEnabledAsync();
        await Expect(page.Locator("[data-test=passkey-add-status]")).ToBeHiddenAsync();
        await add.ClickAsync();

        await Expect(page.Locator("[data-test=status-message]")).ToContainTextAsync("Passkey \"Laptop\" added");
        await Expect(page.Locator("[data-test=passkey-name]")).ToHaveTextAsync(["Laptop"]);
        await Infrastructure.Browser.ScreenshotAsync(page, "account-passkeys");

        await page.Locator("[data-test=passkey-rename]").ClickAsync();
        await page.Locator("[data-test=passkey-rename-name]").FillAsync("Work laptop");
        await page.Locator("[data-test=passkey-rename-submit]").ClickAsync();
        await Expect(page.Locator("[data-test=passkey-name]")).ToHaveTextAsync(["Work laptop"]);

        // Signed out, the passkey alone signs the person in again: no address, no password.
        await context.ClearCookiesAsync();
        await page.OpenAsync("/Account/Login?ReturnUrl=" + Uri.EscapeDataString("/Account/Manage/Passkeys"));
        await page.Locator("[data-test=login-passkey]").ClickAsync();
        await BrowserFlows.WaitForAddressAsync(page, "**/Account/Manage/Passkeys");
        await Expect(page.Locator("[data-test=nav-user]")).ToHaveTextAsync(user.Email[..user.Email.IndexOf('@')]);

        // Removing asks first: its accessible name says which passkey, and cancelling keeps it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Work laptop", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-test=passkey-remove-confirmation]")).ToContainTextAsync("Work laptop");
        await Expect(page.Locator("[data-test=passkey-name]")).ToHaveTextAsync(["Work laptop"]);
        await page.Locator("[data-test=cancel-passkey-remove]").ClickAsync();
        await Expect(page.Locator("[data-test=passkey-remove-dialog]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-test=passkey-name]")).ToHaveTextAsync(["Work laptop"]);
        await page.Locator("[data-test=passkey-remove]").ClickAsync();
        await page.Locator("[data-test=confirm-passkey-remove]").ClickAsync();
        await Expect(page.Locator("[data-test=status-message]")).ToContainTextAsync("removed");
        await Expect(page.Locator("[data-test=passkeys-empty]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task NewPerson_JoinsThroughALink_WithAPasskeyAccount_AndSignsInWithItLater()
    {
        var invite = await App.CreateInviteAsync("Passkey Place");
        var (context, page) = await VirtualAuthenticator.OpenAsync(App);
        await using var _ = context;
        var email = TestData.UniqueEmail("passkey-joiner");

        await page.OpenAsync(invite.Path);
        var create = page.Locator("[data-test=passkey-signup-submit]");
        await Expect(create).ToBeEnabledAsync();
        await page.Locator("[data-test=signup-email]").FillAsync(email);
        await page.Locator("[data-test=signup-display-name]").FillAsync("Robin");
        await Infrastructure.Browser.ScreenshotAsync(page, "invite-passkey");
        await create.ClickAsync();

        await BrowserFlows.WaitForAddressAsync(page, $"**/households/{invite.HouseholdId}?welcome=1");
        await Expect(page.Locator("[data-test=welcome-banner]")).ToContainTextAsync("Welcome to Passkey Place!");
        (await App.UseCountAsync(invite)).ShouldBe(1);
        await using (var db = App.CreateDbContext())
        {
            var account = await db.Users.SingleAsync(u => u.Email == email, TestContext.Current.CancellationToken);
            account.PasswordHash.ShouldBeNull();
            account.DisplayName.ShouldBe("Robin");
            (
                await db.UserPasskeys.CountAsync(p => p.UserId == account.Id, TestContext.Current.CancellationToken)
            ).ShouldBe(1);
            (await App.IsMemberAsync(invite.HouseholdId, account.Id)).ShouldBeTrue();
        }

        await context.ClearCookiesAsync();
        await page.OpenAsync("/Account/Login?ReturnUrl=" + Uri.EscapeDataString($"/households/{invite.HouseholdId}"));
        await page.Locator("[data-test=login-passkey]").ClickAsync();
        await BrowserFlows.WaitForAddressAsync(page, $"**/households/{invite.HouseholdId}");
        await Expect(page.Locator("[data-test=nav-user]")).ToHaveTextAsync("Robin");
    }

    [Fact]
    public async Task PasskeyButtons_SayWhyTheyAreOff_WithoutJavaScript_AndOnAnIpAddress()
    {
        var invite = await App.CreateInviteAsync("Reasons Row");

        await using (
            var noScript = await Infrastructure.Browser.NewContextAsync(App, new() { JavaScriptEnabled = false })
        )
        {
            var page = await noScript.NewPageAsync();
            await page.OpenAsync("/Account/Login");
            await Expect(page.Locator("[data-test=login-passkey]")).ToBeDisabledAsync();
            await Expect(page.Locator("[data-test=login-passkey-status]")).ToContainTextAsync("need JavaScript");
            await page.OpenAsync(invite.Path);
            await Expect(page.Locator("[data-test=passkey-signup-submit]")).ToBeDisabledAsync();
            await Expect(page.Locator("[data-test=signup-submit]")).ToBeEnabledAsync();
        }

        // http://127.0.0.1 is a secure context, but a passkey cannot belong to an IP address.
        await using var byAddress = await Infrastructure.Browser.NewContextAsync(App);
        var addressPage = await byAddress.NewPageAsync();
        await addressPage.OpenAsync(invite.Path);
        await Expect(addressPage.Locator("[data-test=passkey-signup-submit-status]"))
            .ToContainTextAsync("not an IP address");
        await Expect(addressPage.Locator("[data-test=passkey-signup-submit]")).ToBeDisabledAsync();
    }
}
