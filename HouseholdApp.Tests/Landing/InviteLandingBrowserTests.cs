using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HouseholdApp.Tests.Landing;

/// <summary>What a person does with an invite link in Chromium: sign up, sign in, switch accounts, read every
/// state.</summary>
public sealed class InviteLandingBrowserTests(TestEnvironment env)
{
    private static ILocator MainOf(IPage page) => page.Locator("main#main");

    private static Task SignInAsync(IPage page, string email, string returnPath) =>
        BrowserFlows.SignInAsync(page, email, returnPath);

    private static async Task FillSignUpAsync(IPage page, string email, string password, string? confirm = null)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(confirm ?? password);
    }

    /// <summary>axe-core in the page (the context bypasses CSP so the script can be injected): no serious or critical
    /// finding.</summary>
    private static async Task ShouldPassAxeAsync(IPage page, string what) =>
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty($"axe on {what}");

    private static Task<int> ScrollWidthAsync(IPage page) =>
        page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");

    [Fact]
    public async Task NewPerson_SignsUpFromTheLink_AndLandsInTheHouseholdWithAWelcome()
    {
        var invite = await env.App.CreateInviteAsync("Willow Cottage");
        await using var context = await Infrastructure.Browser.NewContextAsync(env.App);
        var page = await context.NewPageAsync();
        var email = TestData.UniqueEmail("newcomer");

        await page.OpenAsync(invite.Path);
        await Expect(MainOf(page)).ToHaveAttributeAsync("data-invite-state", "valid");
        await Expect(page.Locator("[data-test=invite-household]")).ToHaveTextAsync("Willow Cottage");
        await Expect(page.Locator("[data-test=invite-expiry] time")).ToHaveTextAsync("expires in 7 days");
        await Expect(page.Locator("[data-test=invite-expiry-at]")).ToContainTextAsync("UTC");
        await FillSignUpAsync(page, email, TestData.DefaultPassword);
        await page.Locator("[data-test=signup-submit]").ClickAsync();

        await BrowserFlows.WaitForAddressAsync(page, $"**/households/{invite.HouseholdId}?welcome=1");
        await Expect(page.Locator("[data-test=welcome-banner]")).ToContainTextAsync("Welcome to Willow Cottage!");
        await Expect(page.Locator("[data-test=nav-user]")).ToContainTextAsync(TestData.DefaultDisplayName(email));
        await Expect(page.Locator("[data-test=member-row]").Filter(new() { HasText = email })).ToHaveCountAsync(1);
        await Infrastructure.Browser.ScreenshotAsync(page, "invite-welcome");
    }

    [Fact]
    public async Task WithJavaScriptOff_OnAPhone_SignUpAndJoinStillWork_AndTheMenuOpens()
    {
        var invite = await env.App.CreateInviteAsync("No Script Lodge");
        await using var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new()
            {
                JavaScriptEnabled = false,
                ViewportSize = new() { Width = 375, Height = 740 },
                IsMobile = true,
                HasTouch = true,
            }
        );
        var page = await context.NewPageAsync();
        var email = TestData.UniqueEmail("noscript");

        await page.OpenAsync(invite.Path);
        await FillSignUpAsync(page, email, "short7!");
        await page.Locator("[data-test=signup-submit]").ClickAsync();
        await Expect(page.Locator("[data-test=signup-password-error]")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestData.DefaultPassword);
        await page.GetByLabel("Confirm password").FillAsync(TestData.DefaultPassword);
        await page.Locator("[data-test=signup-submit]").ClickAsync();

        await BrowserFlows.WaitForAddressAsync(page, $"**/households/{invite.HouseholdId}?welcome=1");
        await Expect(page.Locator("[data-test=welcome-banner]")).ToContainTextAsync("Welcome to No Script Lodge!");

        // The phone menu is a checkbox and its label: it opens without JavaScript.
        var user = page.Locator("[data-test=nav-user]");
        await Expect(user).ToBeHiddenAsync();
        await page.Locator("[data-test=menu-button]").TapAsync();
        await Expect(user).ToBeVisibleAsync();
        await Expect(user).ToContainTextAsync(TestData.DefaultDisplayName(email));
        await Expect(page.Locator("[data-test=sign-out]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ExistingUser_SignsInFromTheLink_ComesBack_AndJoins()
    {
        var invite = await env.App.CreateInviteAsync("Harbour View");
        var user = await env.App.CreateUserAsync("returning", withPassword: true);
        await using var context = await Infrastructure.Browser.NewContextAsync(env.App);
        var page = await context.NewPageAsync();

        await page.OpenAsync(invite.Path);
        await page.Locator("[data-test=signin-link]").ClickAsync();
        // Blazor's enhanced navigation changes the address before it swaps the page: wait for the login form itself.
        await BrowserFlows.WaitForAddressAsync(page, "**/Account/Login?ReturnUrl=*");
        await page.Locator("[data-test=login-email]").FillAsync(user.Email);
        await page.Locator("[data-test=login-password]").FillAsync(TestData.DefaultPassword);
        await page.Locator("[data-test=login-submit]").ClickAsync();

        await BrowserFlows.WaitForAddressAsync(page, "**" + invite.Path);
        await Expect(page.Locator("[data-test=signed-in-as]")).ToContainTextAsync($"You're signed in as {user.Email}");
        (await env.App.IsMemberAsync(invite.HouseholdId, user.UserId)).ShouldBeFalse(
            "looking at the link must not join"
        );
        await page.Locator("[data-test=join-submit]").ClickAsync();

        await BrowserFlows.WaitForAddressAsync(page, $"**/households/{invite.HouseholdId}?welcome=1");
        await Expect(page.Locator("[data-test=welcome-banner]")).ToContainTextAsync("Welcome to Harbour View!");
        (await env.App.IsMemberAsync(invite.HouseholdId, user.UserId)).ShouldBeTrue();
    }

    [Fact]
    public async Task SignedInAsTheWrongAccount_SignsOut_AndSignsUpAsTheRightOne()
    {
        var invite = await env.App.CreateInviteAsync("Linden Loft");
        var wrong = await env.App.CreateUserAsync("wrong", withPassword: true);
        await using var context = await Infrastructure.Browser.NewContextAsync(env.App);
        var page = await context.NewPageAsync();
        await SignInAsync(page, wrong.Email, invite.Path);
        await Expect(page.Locator("[data-test=signed-in-as]")).ToContainTextAsync(wrong.Email);

        await page.Locator("[data-test=switch-account]").ClickAsync();

        await BrowserFlows.WaitForAddressAsync(page, "**" + invite.Path);
        await Expect(page.Locator("[data-test=signup-form]")).ToBeVisibleAsync();
        var right = TestData.UniqueEmail("right");
        await FillSignUpAsync(page, right, TestData.DefaultPassword);
        await page.Locator("[data-test=signup-submit]").ClickAsync();
        await BrowserFlows.WaitForAddressAsync(page, $"**/households/{invite.HouseholdId}?welcome=1");
        await Expect(page.Locator("[data-test=nav-user]")).ToContainTextAsync(TestData.DefaultDisplayName(right));
        (await env.App.IsMemberAsync(invite.HouseholdId, wrong.UserId)).ShouldBeFalse();
    }

    [Fact]
    public async Task EveryStatePage_IsReachable_Screenshotted_AndFreeOfSeriousAccessibilityProblems()
    {
        await using var context = await Infrastructure.Browser.NewContextAsync(env.App, new() { BypassCSP = true });
        var page = await context.NewPageAsync();

        async Task VisitAsync(string path, string state, string screenshot)
        {
            await page.OpenAsync(path);
            await Expect(MainOf(page)).ToHaveAttributeAsync("data-invite-state", state);
            await Expect(MainOf(page).Locator("h1")).ToBeVisibleAsync();
            await Infrastructure.Browser.ScreenshotAsync(page, screenshot);
            await ShouldPassAxeAsync(page, screenshot);
        }

        var valid = await env.App.CreateInviteAsync("Maple Street flat");
        await VisitAsync(valid.Path, "valid", "invite-valid");
        await FillSignUpAsync(page, TestData.UniqueEmail("weak"), "short7!");
        await page.Locator("[data-test=signup-submit]").ClickAsync();
        await Expect(page.Locator("[data-test=signup-password-error]")).ToContainTextAsync("at least 8 characters");
        await Expect(page.GetByLabel("Password", new() { Exact = true })).ToHaveValueAsync("");
        await Infrastructure.Browser.ScreenshotAsync(page, "invite-signup-errors");
        await ShouldPassAxeAsync(page, "invite-signup-errors");

        var expired = await env.App.CreateInviteAsync(state: TestInviteState.Expired);
        await VisitAsync(expired.Path, "expired", "invite-expired");

        var used = await env.App.CreateInviteAsync(state: TestInviteState.UsedUp);
        await VisitAsync(used.Path, "used", "invite-used");

        var revoked = await env.App.CreateInviteAsync(state: TestInviteState.Revoked);
        await VisitAsync(revoked.Path, "revoked", "invite-revoked");

        await VisitAsync($"/invites/{InviteToken.Generate()}", "invalid", "invite-invalid");

        await SignInAsync(page, valid.Owner.Email, valid.Path);
        await VisitAsync(valid.Path, "already-member", "invite-already-member");

        var other = await env.App.CreateInviteAsync("Rowan House");
        await VisitAsync(other.Path, "valid", "invite-valid-signed-in");
        await Expect(page.Locator("[data-test=join-submit]")).ToHaveTextAsync("Join Rowan House");
    }

    [Fact]
    public async Task RateLimitedPage_IsFriendly_AndAccessible()
    {
        await using var app = await TestApp.StartAsync(
            env.Postgres,
            new Dictionary<string, string?>
            {
                ["RateLimiting:InviteLookup:PermitLimit"] = "1",
                ["RateLimiting:InviteLookup:WindowSeconds"] = "300",
            },
            prefix: "ratelimitui"
        );
        await using var context = await Infrastructure.Browser.NewContextAsync(app, new() { BypassCSP = true });
        var page = await context.NewPageAsync();
        var path = $"/invites/{InviteToken.Generate()}";

        (await page.OpenAsync(path))!.Status.ShouldBe(404);
        var limited = await page.OpenAsync(path);

        limited!.Status.ShouldBe(429);
        await Expect(MainOf(page)).ToHaveAttributeAsync("data-invite-state", "rate-limited");
        await Expect(page.Locator("h1")).ToContainTextAsync("Too many attempts");
        await Expect(page.Locator("[data-test=retry-after]")).ToContainTextAsync("then open your invite link again");
        await Infrastructure.Browser.ScreenshotAsync(page, "invite-rate-limited");
        await ShouldPassAxeAsync(page, "invite-rate-limited");
    }

    [Fact]
    public async Task On375PixelPhone_PagesFitWithoutSideScrolling_AndSignUpWorks()
    {
        var invite = await env.App.CreateInviteAsync("A household with a rather long name for a small screen");
        var expired = await env.App.CreateInviteAsync(state: TestInviteState.Expired);
        var member = await env.App.CreateUserAsync("a-member-with-a-long-address", withPassword: true);
        await using var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new()
            {
                ViewportSize = new() { Width = 375, Height = 740 },
                IsMobile = true,
                HasTouch = true,
            }
        );
        var page = await context.NewPageAsync();

        await page.OpenAsync(expired.Path);
        (await ScrollWidthAsync(page)).ShouldBeLessThanOrEqualTo(375, "expired page");
        await page.OpenAsync($"/invites/{InviteToken.Generate()}");
        (await ScrollWidthAsync(page)).ShouldBeLessThanOrEqualTo(375, "invalid page");

        await SignInAsync(page, member.Email, invite.Path);
        (await ScrollWidthAsync(page)).ShouldBeLessThanOrEqualTo(375, "signed-in page with a long address");
        await Infrastructure.Browser.ScreenshotAsync(page, "invite-valid-signed-in-mobile");
        await page.Locator("[data-test=switch-account]").ClickAsync();
        await BrowserFlows.WaitForAddressAsync(page, "**" + invite.Path);

        (await ScrollWidthAsync(page)).ShouldBeLessThanOrEqualTo(375, "sign-up page");
        var email = page.GetByLabel("Email");
        await email.FocusAsync();
        (await email.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle")).ShouldNotBe(
            "none",
            "focus must be visible"
        );
        await Infrastructure.Browser.ScreenshotAsync(page, "invite-valid-mobile");
        var newcomer = TestData.UniqueEmail("phone");
        await FillSignUpAsync(page, newcomer, TestData.DefaultPassword);
        await page.Locator("[data-test=signup-submit]").TapAsync();

        await BrowserFlows.WaitForAddressAsync(page, $"**/households/{invite.HouseholdId}?welcome=1");
        // The household page turns interactive after it is shown; measure once it has settled.
        await Expect(page.Locator("[data-test=household-page]")).ToHaveAttributeAsync("data-interactive", "true");
        await Expect(page.Locator("[data-test=welcome-banner]")).ToBeVisibleAsync();
        // The household page itself belongs to another feature; here only the welcome must fit.
        var banner = (await page.Locator("[data-test=welcome-banner]").BoundingBoxAsync()).ShouldNotBeNull();
        (banner.X + banner.Width).ShouldBeLessThanOrEqualTo(375, "welcome banner");
    }
}
