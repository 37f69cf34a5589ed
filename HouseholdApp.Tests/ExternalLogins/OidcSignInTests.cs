using HouseholdApp.Tests.Deployment;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
        await using var visitor = await OidcTestbed.VisitorAsync(app, "oidc-new");
        var page = visitor.Page;

        await page.OpenAsync("/Account/Register");
        await Assertions
            .Expect(page.Locator("[data-test=external-login-test]"))
            .ToHaveTextAsync("Continue with Test ID");
        await OidcTestbed.ContinueWithAsync(page);
        await OidcTestbed.WaitForAddressAsync(page, app, "**/households");

        (await OidcTestbed.LoginsOfAsync(app, visitor.Email)).ShouldBe([OidcTestbed.Scheme]);
        await using var db = app.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.NormalizedEmail == visitor.Email.ToUpperInvariant(), Ct);
        user.PasswordHash.ShouldBeNull();
        user.EmailConfirmed.ShouldBeTrue();
        user.DisplayName.ShouldBe(TestData.DefaultDisplayName(visitor.Email));
        (await db.Set<HouseholdApp.Features.Sessions.UserSession>().CountAsync(s => s.UserId == user.Id, Ct)).ShouldBe(
            1
        );
        visitor.ServerErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReturningPerson_SignsInToTheSameAccount()
    {
        var app = await OidcTestbed.AppAsync(env);
        var email = TestData.UniqueEmail("oidc-back");
        var subject = "sub-" + Guid.NewGuid().ToString("N");
        for (var visit = 0; visit < 2; visit++)
        {
            await using var visitor = await OidcTestbed.VisitorAsync(app, "oidc-back", email, subject);
            await visitor.Page.OpenAsync("/Account/Login");
            await OidcTestbed.ContinueWithAsync(visitor.Page);
            await OidcTestbed.WaitForAddressAsync(visitor.Page, app, "**/households");
            await Assertions.Expect(visitor.Page.Locator("[data-test=households-page]")).ToBeVisibleAsync();
            visitor.ServerErrors.ShouldBeEmpty();
        }

        await using var db = app.CreateDbContext();
        (await db.Users.CountAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), Ct)).ShouldBe(1);
        (await OidcTestbed.LoginsOfAsync(app, email)).ShouldBe([OidcTestbed.Scheme]);
    }

    [Fact]
    public async Task ALinkedAccountWithTwoFactor_AsksForTheCodeAfterTheProvider()
    {
        var app = await OidcTestbed.AppAsync(env);
        var user = await app.CreateUserAsync("oidc-2fa", withPassword: true);
        var subject = "sub-" + Guid.NewGuid().ToString("N");
        string key;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<HouseholdApp.Data.ApplicationUser>>();
            var account = (await users.FindByIdAsync(user.UserId))!;
            await users.ResetAuthenticatorKeyAsync(account);
            key = (await users.GetAuthenticatorKeyAsync(account))!;
            await users.SetTwoFactorEnabledAsync(account, true);
            await users.AddLoginAsync(account, new UserLoginInfo(OidcTestbed.Scheme, subject, OidcTestbed.DisplayName));
        }

        await using var visitor = await OidcTestbed.VisitorAsync(app, "", user.Email, subject);
        await visitor.Page.OpenAsync("/Account/Login");
        await OidcTestbed.ContinueWithAsync(visitor.Page);

        await OidcTestbed.WaitForAddressAsync(visitor.Page, app, "**/Account/LoginWith2fa*");
        await visitor.Page.Locator("[data-test=two-factor-code]").FillAsync(Totp.Code(key));
        await visitor.Page.Locator("[data-test=two-factor-submit]").ClickAsync();
        await OidcTestbed.WaitForAddressAsync(visitor.Page, app, "**/households");
        visitor.ServerErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnAddressOfAnExistingPasswordAccount_IsNeverLinked_AndNothingChanges()
    {
        var app = await OidcTestbed.AppAsync(env);
        var existing = await app.CreateUserAsync("oidc-owner", withPassword: true);
        string Snapshot(HouseholdApp.Data.ApplicationUser u) =>
            $"{u.Email}|{u.PasswordHash}|{u.SecurityStamp}|{u.ConcurrencyStamp}";
        await using var before = app.CreateDbContext();
        var was = Snapshot(await before.Users.SingleAsync(u => u.Id == existing.UserId, Ct));
        await using var visitor = await OidcTestbed.VisitorAsync(app, "", existing.Email.ToUpperInvariant());

        await visitor.Page.OpenAsync("/Account/Login");
        await OidcTestbed.ContinueWithAsync(visitor.Page);

        await Assertions
            .Expect(visitor.Page.Locator("[data-test=external-account-exists]"))
            .ToContainTextAsync("already exists");
        await Infrastructure.Browser.ScreenshotAsync(visitor.Page, "oidc-account-exists");
        (await Axe.SeriousViolationsAsync(visitor.Page)).ShouldBeEmpty();
        (await OidcTestbed.LoginsOfAsync(app, existing.Email)).ShouldBeEmpty();
        await using var after = app.CreateDbContext();
        Snapshot(await after.Users.SingleAsync(u => u.Id == existing.UserId, Ct)).ShouldBe(was);
        await visitor.Page.OpenAsync("/Account/Manage");
        await OidcTestbed.WaitForAddressAsync(visitor.Page, app, "**/Account/Login*");
        visitor.ServerErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnAddressTheProviderHasNotConfirmed_GetsNoAccount()
    {
        var app = await OidcTestbed.AppAsync(env);
        await using var visitor = await OidcTestbed.VisitorAsync(app, "oidc-unverified", unverified: true);

        await visitor.Page.OpenAsync("/Account/Register");
        await OidcTestbed.ContinueWithAsync(visitor.Page);

        await Assertions
            .Expect(visitor.Page.Locator("[data-test=external-no-email]"))
            .ToContainTextAsync("did not share a confirmed e-mail address");
        (await app.UserExistsAsync(visitor.Email)).ShouldBeFalse();
        visitor.ServerErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task InviteOnlyServer_CreatesNoAccountOutsideAnInvite_ButSaysHowToGetIn()
    {
        var app = await OidcTestbed.AppAsync(
            env,
            new Dictionary<string, string?> { ["Registration:Mode"] = "InviteOnly" }
        );
        await using var visitor = await OidcTestbed.VisitorAsync(app, "oidc-closed");

        await visitor.Page.OpenAsync("/Account/Login");
        await OidcTestbed.ContinueWithAsync(visitor.Page);

        await Assertions
            .Expect(visitor.Page.Locator("[data-test=external-invite-only]"))
            .ToContainTextAsync("invite link");
        (await app.UserExistsAsync(visitor.Email)).ShouldBeFalse();
        visitor.ServerErrors.ShouldBeEmpty();
    }

    /// <summary>
    /// A provider that is down (nobody runs it), a person who says no there, an answer whose state was changed.
    /// </summary>
    [Theory]
    [InlineData("down", "unavailable", "could not be reached")]
    [InlineData("deny", "denied", "cancelled at the provider")]
    [InlineData("tamper", "failed", "did not complete")]
    public async Task AFailedTrip_LandsOnTheSignInPageWithTheReason_NeverAServerError(
        string what,
        string reason,
        string message
    )
    {
        var app = await OidcTestbed.AppAsync(env);
        await using var visitor = await OidcTestbed.VisitorAsync(
            app,
            "oidc-" + what,
            deny: what == "deny",
            tamperState: what == "tamper"
        );

        await visitor.Page.OpenAsync("/Account/Login?ReturnUrl=%2Fhouseholds");
        await Infrastructure.Browser.ScreenshotAsync(visitor.Page, "oidc-login-buttons");
        await OidcTestbed.ContinueWithAsync(visitor.Page, what == "down" ? OidcTestbed.DownKey : OidcTestbed.Key);

        await OidcTestbed.WaitForAddressAsync(visitor.Page, app, $"**/Account/Login?ExternalError={reason}*");
        await Assertions.Expect(visitor.Page.Locator("[data-test=status-message]")).ToContainTextAsync(message);
        await Infrastructure.Browser.ScreenshotAsync(visitor.Page, $"oidc-failed-{what}");
        (await Axe.SeriousViolationsAsync(visitor.Page)).ShouldBeEmpty();
        (await app.UserExistsAsync(visitor.Email)).ShouldBeFalse();
        visitor.ServerErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task ProviderDownAtTheTokenStep_LandsOnTheSignInPageWithAMessage_AndCreatesNothing()
    {
        // A provider of its own: it goes down for everyone who uses it.
        await using var provider = await TestIdentityProvider.StartAsync();
        await using var app = await TestApp.StartAsync(
            env.Postgres,
            provider.SettingsFor(OidcTestbed.Key, OidcTestbed.DisplayName),
            "oidc_down"
        );
        await using var visitor = await OidcTestbed.VisitorAsync(app, "oidc-token-down", provider: provider);
        provider.TokenEndpointDown = true;

        await visitor.Page.OpenAsync("/Account/Login");
        await OidcTestbed.ContinueWithAsync(visitor.Page);

        await OidcTestbed.WaitForAddressAsync(visitor.Page, app, "**/Account/Login?ExternalError=unavailable");
        await Assertions
            .Expect(visitor.Page.Locator("[data-test=status-message]"))
            .ToContainTextAsync("could not be reached");
        (await app.UserExistsAsync(visitor.Email)).ShouldBeFalse();
        visitor.ServerErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task APostWithoutTheFormsToken_StartsNoSignIn_AndSaysSo()
    {
        var app = await OidcTestbed.AppAsync(env);
        using var client = app.CreateHttpClient();

        using var response = await client.PostAsync(
            "/Account/ExternalLogin/Start",
            new FormUrlEncodedContent([new("provider", OidcTestbed.Key)]),
            Ct
        );

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/Account/Login?ExternalError=failed");
    }

    [Fact]
    public async Task TheAddressTheProviderSendsPeopleBackTo_IsOnThePublicUrl_NotOnTheRequestsHost()
    {
        var app = await OidcTestbed.AppAsync(
            env,
            new Dictionary<string, string?> { ["App:PublicUrl"] = "https://home.example.org" }
        );
        var provider = await OidcTestbed.ProviderAsync();
        using var client = app.CreateBrowserLikeClient();

        using var response = await client.SubmitFormAsync(
            "/Account/Login",
            "action:Account/ExternalLogin/Start",
            FormPost.Fields(("provider", OidcTestbed.Key))
        );

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, app.RecentErrors());
        var location = response.Headers.Location!;
        location.GetLeftPart(UriPartial.Authority).ShouldBe(provider.Origin);
        Microsoft
            .AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query)["redirect_uri"]
            .ToString()
            .ShouldBe($"https://home.example.org/signin-oidc-{OidcTestbed.Key.ToLowerInvariant()}");
    }

    [Fact]
    public async Task ContentSecurityPolicy_LetsFormsGoToTheConfiguredProvidersOnly()
    {
        var app = await OidcTestbed.AppAsync(env);
        var provider = await OidcTestbed.ProviderAsync();
        using var client = app.CreateHttpClient();

        using var response = await client.GetAsync("/Account/Login", Ct);

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var formAction = policy
            .Split(';', StringSplitOptions.TrimEntries)
            .Single(d => d.StartsWith("form-action ", StringComparison.Ordinal));
        formAction.Split(' ').Skip(1).ShouldBe(["'self'", provider.Origin, OidcTestbed.DownOrigin], ignoreOrder: true);
        policy.ShouldContain("script-src 'self';");
    }

    [Theory]
    [InlineData("Authentication__Oidc__Corp__Authority", "not an address", "Authentication:Oidc:Corp:Authority")]
    [InlineData(
        "Authentication__Oidc__Corp__Authority",
        "http://auth.example.org/",
        "Authentication:Oidc:Corp:Authority"
    )]
    [InlineData("Authentication__Oidc__Corp__DisplayName", "", "Authentication:Oidc:Corp:DisplayName")]
    [InlineData("Authentication__Oidc__Co rp__DisplayName", "Corp", "Authentication:Oidc:Co rp")]
    public async Task Start_WithAnInvalidOidcSetting_StopsWithAMessageNamingIt(
        string variable,
        string value,
        string setting
    )
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
