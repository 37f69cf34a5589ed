using HouseholdApp.Tests.Deployment;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.ExternalLogins;

/// <summary>
/// Signing in and up through an OpenID Connect provider, in Chromium against a real provider the test runs
/// (<see cref="TestIdentityProvider"/>): every redirect, cookie and token exchange is the real one.
/// </summary>
public sealed class OidcSignInTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NewPerson_ContinuingWithTheProvider_GetsAnAccountFromItsAddress_AndIsSignedIn()
    {
        var app = await OidcTestbed.AppAsync(env);
        var provider = await OidcTestbed.ProviderAsync();
        var (browser, page, errors) = await OidcTestbed.BrowserAsync(app);
        await using var _ = browser;
        var email = TestData.UniqueEmail("oidc-new");
        await provider.SignInAsAsync(browser, email);

        await page.GotoAsync("/Account/Register");
        await Assertions.Expect(page.Locator("[data-test=external-login-test]")).ToHaveTextAsync("Continue with Test ID");
        await OidcTestbed.ContinueWithAsync(page);
        await OidcTestbed.WaitForAddressAsync(page, app, "**/households");

        (await OidcTestbed.LoginsOfAsync(app, email)).ShouldBe([OidcTestbed.Scheme]);
        await using var db = app.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), Ct);
        user.PasswordHash.ShouldBeNull();
        user.EmailConfirmed.ShouldBeTrue();
        user.DisplayName.ShouldBe(TestData.DefaultDisplayName(email));
        (await db.Set<HouseholdApp.Features.Sessions.UserSession>().CountAsync(s => s.UserId == user.Id, Ct)).ShouldBe(1);
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReturningPerson_SignsInToTheSameAccount()
    {
        var app = await OidcTestbed.AppAsync(env);
        var provider = await OidcTestbed.ProviderAsync();
        var email = TestData.UniqueEmail("oidc-back");
        var subject = "sub-" + Guid.NewGuid().ToString("N");
        for (var visit = 0; visit < 2; visit++)
        {
            var (browser, page, errors) = await OidcTestbed.BrowserAsync(app);
            await using var _ = browser;
            await provider.SignInAsAsync(browser, email, subject);
            await page.GotoAsync("/Account/Login");
            await OidcTestbed.ContinueWithAsync(page);
            await OidcTestbed.WaitForAddressAsync(page, app, "**/households");
            await Assertions.Expect(page.Locator("[data-test=households-page]")).ToBeVisibleAsync();
            errors.ShouldBeEmpty();
        }

        await using var db = app.CreateDbContext();
        (await db.Users.CountAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), Ct)).ShouldBe(1);
        (await OidcTestbed.LoginsOfAsync(app, email)).ShouldBe([OidcTestbed.Scheme]);
    }

    [Fact]
    public async Task AnAddressOfAnExistingPasswordAccount_IsNeverLinked_AndNothingChanges()
    {
        var app = await OidcTestbed.AppAsync(env);
        var provider = await OidcTestbed.ProviderAsync();
        var existing = await app.CreateUserAsync("oidc-owner", withPassword: true);
        string Snapshot(HouseholdApp.Data.ApplicationUser u) => $"{u.Email}|{u.PasswordHash}|{u.SecurityStamp}|{u.ConcurrencyStamp}";
        await using var before = app.CreateDbContext();
        var was = Snapshot(await before.Users.SingleAsync(u => u.Id == existing.UserId, Ct));
        var (browser, page, errors) = await OidcTestbed.BrowserAsync(app);
        await using var _ = browser;
        await provider.SignInAsAsync(browser, existing.Email.ToUpperInvariant());

        await page.GotoAsync("/Account/Login");
        await OidcTestbed.ContinueWithAsync(page);

        await Assertions.Expect(page.Locator("[data-test=external-account-exists]")).ToContainTextAsync("already exists");
        await Infrastructure.Browser.ScreenshotAsync(page, "oidc-account-exists");
        (await OidcTestbed.LoginsOfAsync(app, existing.Email)).ShouldBeEmpty();
        await using var after = app.CreateDbContext();
        Snapshot(await after.Users.SingleAsync(u => u.Id == existing.UserId, Ct)).ShouldBe(was);
        await page.GotoAsync("/Account/Manage");
        await OidcTestbed.WaitForAddressAsync(page, app, "**/Account/Login*");
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task ProviderDown_LandsOnTheSignInPageWithAMessage_NeverAServerError()
    {
        var app = await OidcTestbed.AppAsync(env);
        var (browser, page, errors) = await OidcTestbed.BrowserAsync(app);
        await using var _ = browser;

        await page.GotoAsync("/Account/Login");
        await Infrastructure.Browser.ScreenshotAsync(page, "oidc-login-buttons");
        await OidcTestbed.ContinueWithAsync(page, OidcTestbed.DownKey);

        await OidcTestbed.WaitForAddressAsync(page, app, "**/Account/Login?ExternalError=unavailable");
        await Assertions.Expect(page.Locator("[data-test=status-message]")).ToContainTextAsync("could not be reached");
        await Infrastructure.Browser.ScreenshotAsync(page, "oidc-provider-down");
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task ConsentDenied_LandsOnTheSignInPageWithAMessage()
    {
        var app = await OidcTestbed.AppAsync(env);
        var provider = await OidcTestbed.ProviderAsync();
        var (browser, page, errors) = await OidcTestbed.BrowserAsync(app);
        await using var _ = browser;
        var email = TestData.UniqueEmail("oidc-deny");
        await provider.SignInAsAsync(browser, email, deny: true);

        await page.GotoAsync("/Account/Login?ReturnUrl=%2Fhouseholds");
        await OidcTestbed.ContinueWithAsync(page);

        await OidcTestbed.WaitForAddressAsync(page, app, "**/Account/Login?ExternalError=denied&ReturnUrl=%2Fhouseholds");
        await Assertions.Expect(page.Locator("[data-test=status-message]")).ToContainTextAsync("cancelled at the provider");
        (await app.UserExistsAsync(email)).ShouldBeFalse();
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task ATamperedState_LandsOnTheSignInPageWithAMessage_AndSignsNobodyIn()
    {
        var app = await OidcTestbed.AppAsync(env);
        var provider = await OidcTestbed.ProviderAsync();
        var (browser, page, errors) = await OidcTestbed.BrowserAsync(app);
        await using var _ = browser;
        var email = TestData.UniqueEmail("oidc-state");
        // The provider's answer comes back with a state that is not the one the app sent.
        await provider.SignInAsAsync(browser, email, tamperState: true);

        await page.GotoAsync("/Account/Login");
        await OidcTestbed.ContinueWithAsync(page);

        await OidcTestbed.WaitForAddressAsync(page, app, "**/Account/Login?ExternalError=failed");
        await Assertions.Expect(page.Locator("[data-test=status-message]")).ToContainTextAsync("did not complete");
        (await app.UserExistsAsync(email)).ShouldBeFalse();
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task ContentSecurityPolicy_LetsFormsGoToTheConfiguredProvidersOnly()
    {
        var app = await OidcTestbed.AppAsync(env);
        var provider = await OidcTestbed.ProviderAsync();
        using var client = app.CreateHttpClient();

        using var response = await client.GetAsync("/Account/Login", Ct);

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var formAction = policy.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("form-action ", StringComparison.Ordinal));
        formAction.Split(' ').Skip(1).ShouldBe(["'self'", provider.Origin, OidcTestbed.DownOrigin], ignoreOrder: true);
        policy.ShouldContain("script-src 'self';");
    }

    [Theory]
    [InlineData("Authentication__Oidc__Corp__Authority", "not an address", "Authentication:Oidc:Corp:Authority")]
    [InlineData("Authentication__Oidc__Corp__Authority", "http://auth.example.org/", "Authentication:Oidc:Corp:Authority")]
    [InlineData("Authentication__Oidc__Corp__DisplayName", "", "Authentication:Oidc:Corp:DisplayName")]
    [InlineData("Authentication__Oidc__Co rp__DisplayName", "Corp", "Authentication:Oidc:Co rp")]
    public async Task Start_WithAnInvalidOidcSetting_StopsWithAMessageNamingIt(string variable, string value, string setting)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Default"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
            ["Authentication__Oidc__Corp__Authority"] = "https://auth.example.org/",
            ["Authentication__Oidc__Corp__ClientId"] = "householdapp",
            ["Authentication__Oidc__Corp__DisplayName"] = "Corp",
            [variable] = value,
        };

        var (exitCode, output) = await AppProcess.RunToExitAsync(environment);

        exitCode.ShouldBe(78, output);
        output.ShouldContain($"Invalid setting: {setting}", Case.Sensitive, output);
    }
}
