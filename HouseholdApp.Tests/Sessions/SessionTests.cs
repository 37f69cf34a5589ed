using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Features.Sessions;
using HouseholdApp.Tests.Email;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static HouseholdApp.Tests.Sessions.SessionClients;

namespace HouseholdApp.Tests.Sessions;

/// <summary>
/// Sessions end on the server: a copied cookie or bearer token stops working after sign-out, a password change or
/// reset, or a change of address, within the validation interval (one second here; 30 seconds by default).
/// </summary>
public sealed class SessionTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The run's app with a short validation interval (and mail, when given); every test here acts on users
    /// of its own.</summary>
    private Task<TestApp> AppAsync(SmtpServer? mail = null)
    {
        var settings = mail?.AppSettings() ?? [];
        settings["Sessions:ValidationInterval"] = "00:00:01";
        return env.AppWithAsync(settings);
    }

    [Fact]
    public async Task SignOut_EndsThatSession_SoACopiedCookieIsRefused_WhileOtherSessionsGoOn()
    {
        var app = await AppAsync();
        var user = await app.CreateUserAsync("signout", withPassword: true);
        var (browser, cookie) = await SignInAsync(app, user.Email);
        var (otherBrowser, _) = await SignInAsync(app, user.Email);
        var copy = CopiedCookieClient(app, cookie);
        (await IsSignedInAsync(copy)).ShouldBeTrue();

        var logout = await browser.SubmitFormAsync(
            "/",
            "action:Account/Logout",
            new Dictionary<string, string> { ["returnUrl"] = "/" }
        );
        logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await Eventually.UntilAsync(
            async () => !await IsSignedInAsync(copy),
            "the copied cookie is refused after sign-out"
        );
        var refused = await copy.GetAsync("/households", Ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.Headers.Location!.ToString().ShouldContain("/Account/Login");
        (await IsSignedInAsync(otherBrowser)).ShouldBeTrue();
        (await ApiStatusAsync(app, (await ApiLoginAsync(app, user.Email)).AccessToken)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ApiLogout_EndsTheBearerTokenAndItsRefreshToken_AndRefreshedTokensKeepTheirSession()
    {
        var app = await AppAsync();
        var user = await app.CreateUserAsync("apilogout", withPassword: true);
        var first = await ApiLoginAsync(app, user.Email);
        var other = await ApiLoginAsync(app, user.Email);

        // A refreshed pair belongs to the same session as the pair it replaces.
        var refreshed = await RefreshAsync(app, first.RefreshToken);
        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = (await refreshed.Content.ReadFromJsonAsync<Tokens>(Ct))!;
        (await ApiStatusAsync(app, second.AccessToken)).ShouldBe(HttpStatusCode.OK);

        (await BearerClient(app, second.AccessToken).PostAsync("/api/v1/account/logout", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NoContent
        );

        await Eventually.UntilAsync(
            async () => await ApiStatusAsync(app, first.AccessToken) == HttpStatusCode.Unauthorized,
            "the session's first access token is refused"
        );
        await Eventually.UntilAsync(
            async () => await ApiStatusAsync(app, second.AccessToken) == HttpStatusCode.Unauthorized,
            "the session's refreshed access token is refused"
        );
        (await RefreshAsync(app, first.RefreshToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await RefreshAsync(app, second.RefreshToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ApiStatusAsync(app, other.AccessToken)).ShouldBe(HttpStatusCode.OK);
        (await RefreshAsync(app, other.RefreshToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PasswordChange_EndsEveryOtherSession_CookiesAndTokens_ButNotTheOneThatChangedIt()
    {
        var app = await AppAsync();
        var user = await app.CreateUserAsync("changepw", withPassword: true);
        var (browser, _) = await SignInAsync(app, user.Email);
        var (_, otherCookie) = await SignInAsync(app, user.Email);
        var tokens = await ApiLoginAsync(app, user.Email);
        var copy = CopiedCookieClient(app, otherCookie);

        var changed = await browser.SubmitFormAsync(
            "/Account/Manage/ChangePassword",
            "change-password",
            new Dictionary<string, string>
            {
                ["Input.OldPassword"] = TestData.DefaultPassword,
                ["Input.NewPassword"] = "a-changed-passphrase",
                ["Input.ConfirmPassword"] = "a-changed-passphrase",
            }
        );
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"app errors: {app.RecentErrors()}");

        await Eventually.UntilAsync(async () => !await IsSignedInAsync(copy), "the other browser's cookie is refused");
        await Eventually.UntilAsync(
            async () => await ApiStatusAsync(app, tokens.AccessToken) == HttpStatusCode.Unauthorized,
            "the bearer token is refused"
        );
        (await RefreshAsync(app, tokens.RefreshToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await IsSignedInAsync(browser)).ShouldBeTrue();
    }

    [Fact]
    public async Task PasswordReset_EndsEverySession_CookiesAndTokens()
    {
        var mail = await env.MailServerAsync();
        var app = await AppAsync(mail);
        var user = await app.CreateUserAsync("resetpw", withPassword: true);
        var (_, cookie) = await SignInAsync(app, user.Email);
        var tokens = await ApiLoginAsync(app, user.Email);
        var copy = CopiedCookieClient(app, cookie);

        var forgot = await app.CreateBrowserLikeClient()
            .SubmitFormAsync(
                "/Account/ForgotPassword",
                "forgot-password",
                new Dictionary<string, string> { ["Input.Email"] = user.Email }
            );
        forgot.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var message = await mail.WaitForAsync(user.Email, "Reset your HouseholdApp password");
        var reset = await app.CreateBrowserLikeClient()
            .SubmitFormAsync(
                new Uri(message.Link("/Account/ResetPassword")).PathAndQuery,
                "reset-password",
                new Dictionary<string, string>
                {
                    ["Input.Password"] = "a-reset-passphrase",
                    ["Input.ConfirmPassword"] = "a-reset-passphrase",
                }
            );
        reset.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"app errors: {app.RecentErrors()}");

        await Eventually.UntilAsync(async () => !await IsSignedInAsync(copy), "the cookie is refused after the reset");
        await Eventually.UntilAsync(
            async () => await ApiStatusAsync(app, tokens.AccessToken) == HttpStatusCode.Unauthorized,
            "the bearer token is refused"
        );
        (await RefreshAsync(app, tokens.RefreshToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ApiStatusAsync(app, (await ApiLoginAsync(app, user.Email, "a-reset-passphrase")).AccessToken)).ShouldBe(
            HttpStatusCode.OK
        );
    }

    [Fact]
    public async Task AddressChange_EndsEveryOtherSession_ButNotTheBrowserThatConfirmedIt()
    {
        var mail = await env.MailServerAsync();
        var app = await AppAsync(mail);
        var user = await app.CreateUserAsync("mover", withPassword: true);
        var (browser, _) = await SignInAsync(app, user.Email);
        var (_, otherCookie) = await SignInAsync(app, user.Email);
        var tokens = await ApiLoginAsync(app, user.Email);
        var copy = CopiedCookieClient(app, otherCookie);
        var newEmail = TestData.UniqueEmail("moved");

        (
            await browser.SubmitFormAsync(
                "/Account/Manage/Email",
                "change-email",
                new Dictionary<string, string> { ["Input.NewEmail"] = newEmail }
            )
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        var message = await mail.WaitForAsync(newEmail, "Confirm your new e-mail address");
        var changed = await browser.SubmitFormAsync(
            new Uri(message.Link("/Account/ConfirmEmailChange")).PathAndQuery,
            "confirm-email-change",
            new Dictionary<string, string>()
        );
        (await changed.Content.ReadAsStringAsync(Ct)).ShouldContain("data-test=\"email-changed\"");

        await Eventually.UntilAsync(async () => !await IsSignedInAsync(copy), "the other browser's cookie is refused");
        await Eventually.UntilAsync(
            async () => await ApiStatusAsync(app, tokens.AccessToken) == HttpStatusCode.Unauthorized,
            "the bearer token is refused"
        );
        (await IsSignedInAsync(browser)).ShouldBeTrue();
    }

    [Fact]
    public async Task Sessions_AreListedPerAccount_AndEndingAllButOneLeavesOnlyThatOne()
    {
        var app = await AppAsync();
        var user = await app.CreateUserAsync("list", withPassword: true);
        var (keep, _) = await SignInAsync(app, user.Email);
        var (_, gone) = await SignInAsync(app, user.Email);
        var sessions = app.Services.GetRequiredService<UserSessions>();
        var listed = await sessions.ListAsync(user.UserId, Ct);
        // The test user also holds an API session (TestData.CreateUserAsync starts one, as /login does): three.
        listed.Count.ShouldBe(3);
        listed.Count(s => s.Kind == SessionKind.Browser).ShouldBe(2);

        await using (var db = app.CreateDbContext())
        {
            var keepId = listed.OrderByDescending(s => s.CreatedAt).Skip(1).First().Id;
            (await sessions.EndAllAsync(user.UserId, keepId, Ct)).ShouldBe(2);
            (await db.Set<UserSession>().CountAsync(s => s.UserId == user.UserId, Ct)).ShouldBe(1);
        }

        await Eventually.UntilAsync(
            async () => !await IsSignedInAsync(CopiedCookieClient(app, gone)),
            "the ended session's cookie is refused"
        );
        (await IsSignedInAsync(keep)).ShouldBeTrue();
    }
}
