using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Tests.Email;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using UserManager = Microsoft.AspNetCore.Identity.UserManager<HouseholdApp.Data.ApplicationUser>;

namespace HouseholdApp.Tests.Operations;

/// <summary>A forged Host header never reaches a link: every mailed link and redirect is built on
/// App:PublicUrl.</summary>
public sealed class HostHeaderTests(TestEnvironment env)
{
    private const string PublicBase = "https://home.example.org/";
    private const string ForgedHost = "evil.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpClient Forged(HttpClient client)
    {
        client.DefaultRequestHeaders.Host = ForgedHost;
        return client;
    }

    private static void ShouldBeOnPublicUrl(string? location, string what)
    {
        location.ShouldNotBeNull(what);
        location.ShouldNotContain(ForgedHost, Case.Insensitive, what);
        location.ShouldStartWith(PublicBase, Case.Sensitive, what);
    }

    [Fact]
    public async Task MailedLinks_OfEveryAccountPath_UseAppPublicUrl_WhateverTheHostHeader()
    {
        var mail = await env.MailServerAsync();
        var settings = mail.AppSettings();
        settings["App:PublicUrl"] = PublicBase;
        var app = await env.AppWithAsync(settings);
        var api = Forged(app.CreateHttpClient());

        // API: registration (its confirmation), resend, forgot password (a code) and a change of address.
        var registered = TestData.UniqueEmail("apireg");
        (
            await api.PostAsJsonAsync(
                "/api/v1/account/register",
                new { email = registered, password = TestData.DefaultPassword },
                Ct
            )
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        var confirm = await mail.WaitForAsync(registered, "Confirm your e-mail address");
        ShouldBeOnPublicUrl(confirm.Link("/Account/ConfirmEmail"), "API register");
        (
            await api.PostAsJsonAsync("/api/v1/account/resendConfirmationEmail", new { email = registered }, Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.UntilAsync(
            async () =>
                (await mail.MessagesToAsync(registered)).Count(m =>
                    m.Subject.Contains("Confirm", StringComparison.Ordinal)
                ) == 2,
            "the resent confirmation"
        );
        foreach (var message in await mail.MessagesToAsync(registered))
        {
            message.Text.ShouldNotContain(ForgedHost);
            message.Html.ShouldNotContain(ForgedHost);
        }

        var user = await app.CreateUserAsync("hostuser", withPassword: true);
        Forged(user.Client);
        var newEmail = TestData.UniqueEmail("hostmoved");
        (await user.Client.PostAsJsonAsync("/api/v1/account/manage/info", new { newEmail }, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        var change = await mail.WaitForAsync(newEmail, "Confirm your new e-mail address");
        var changeLink = change.Link("/Account/ConfirmEmailChange");
        ShouldBeOnPublicUrl(changeLink, "API change of address");

        // The API's link opens the page, whose button makes the change.
        var browser = app.CreateBrowserLikeClient();
        var changed = await browser.SubmitFormAsync(
            new Uri(changeLink).PathAndQuery,
            "confirm-email-change",
            new Dictionary<string, string>()
        );
        (await changed.Content.ReadAsStringAsync(Ct)).ShouldContain("data-test=\"email-changed\"");
        (await app.UserExistsAsync(newEmail)).ShouldBeTrue();

        // Pages: forgot password and sign-up.
        var forgotten = await app.CreateUserAsync("hostforgot", withPassword: true);
        var pages = Forged(app.CreateBrowserLikeClient());
        await pages.SubmitFormAsync(
            "/Account/ForgotPassword",
            "forgot-password",
            new Dictionary<string, string> { ["Input.Email"] = forgotten.Email }
        );
        ShouldBeOnPublicUrl(
            (await mail.WaitForAsync(forgotten.Email, "Reset your HouseholdApp password")).Link(
                "/Account/ResetPassword"
            ),
            "forgot password page"
        );
        var signedUp = TestData.UniqueEmail("pagereg");
        await pages.SubmitFormAsync(
            "/Account/Register",
            "register",
            new Dictionary<string, string>
            {
                ["Input.Email"] = signedUp,
                ["Input.Password"] = TestData.DefaultPassword,
                ["Input.ConfirmPassword"] = TestData.DefaultPassword,
            }
        );
        ShouldBeOnPublicUrl(
            (await mail.WaitForAsync(signedUp, "Confirm your e-mail address")).Link("/Account/ConfirmEmail"),
            "register page"
        );
    }

    [Fact]
    public async Task Redirects_UseAppPublicUrl_WhateverTheHostHeader()
    {
        var app = await env.AppWithAsync(new Dictionary<string, string?> { ["App:PublicUrl"] = PublicBase });
        var user = await app.CreateUserAsync("redirects", withPassword: true);

        // The sign-in challenge of a page that needs an account.
        var challenge = await Forged(app.CreateHttpClient()).GetAsync("/households", Ct);
        challenge.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ShouldBeOnPublicUrl(challenge.Headers.Location?.ToString(), "sign-in challenge");
        challenge.Headers.Location!.ToString().ShouldStartWith(PublicBase + "Account/Login");

        // A sign-in, a sign-out, a page redirect and the API's old confirmation link.
        var browser = Forged(app.CreateBrowserLikeClient());
        var login = await browser.SubmitFormAsync(
            "/Account/Login?ReturnUrl=%2Fhouseholds",
            "login",
            new Dictionary<string, string>
            {
                ["Input.Email"] = user.Email,
                ["Input.Password"] = TestData.DefaultPassword,
            }
        );
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ShouldBeOnPublicUrl(login.Headers.Location?.ToString(), "after sign-in");
        var logout = await browser.SubmitFormAsync(
            "/",
            "action:Account/Logout",
            new Dictionary<string, string> { ["returnUrl"] = "/" }
        );
        ShouldBeOnPublicUrl(logout.Headers.Location?.ToString(), "after sign-out");
        var confirmPage = await Forged(app.CreateHttpClient()).GetAsync("/Account/ConfirmEmail", Ct);
        ShouldBeOnPublicUrl(confirmPage.Headers.Location?.ToString(), "incomplete confirmation link");
        var apiConfirm = await Forged(app.CreateHttpClient())
            .GetAsync("/api/v1/account/confirmEmail?userId=u&code=c", Ct);
        apiConfirm.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ShouldBeOnPublicUrl(apiConfirm.Headers.Location?.ToString(), "API confirmation link");
        apiConfirm.Headers.Location!.ToString().ShouldBe(PublicBase + "Account/ConfirmEmail?userId=u&code=c");
    }

    [Fact]
    public async Task WithoutAppPublicUrl_RedirectsArePaths_NeverTheHostHeader()
    {
        var challenge = await Forged(env.App.CreateHttpClient()).GetAsync("/households", Ct);

        challenge.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = challenge.Headers.Location!.ToString();
        location.ShouldNotContain(ForgedHost);
        location.ShouldStartWith("/Account/Login");
    }

    [Fact]
    public async Task ApiConfirmationLink_NeverConfirmsOnGet()
    {
        var user = await env.App.CreateUserAsync("apiconfirm", withPassword: true);
        string code;
        await using (var scope = env.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager>();
            var row = (await users.FindByIdAsync(user.UserId))!;
            code = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(
                System.Text.Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(row))
            );
        }

        var client = env.App.CreateBrowserLikeClient();
        var get = await client.GetAsync($"/api/v1/account/confirmEmail?userId={user.UserId}&code={code}", Ct);
        get.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = get.Headers.Location!.ToString();
        (await client.GetStringAsync(page, Ct)).ShouldContain("confirm-email-submit");
        await using (var db = env.App.CreateDbContext())
        {
            db.Users.Single(u => u.Id == user.UserId).EmailConfirmed.ShouldBeFalse();
        }

        var confirmed = await client.SubmitFormAsync(page, "confirm-email", new Dictionary<string, string>());
        (await confirmed.Content.ReadAsStringAsync(Ct)).ShouldContain("data-test=\"email-confirmed\"");
        await using (var db = env.App.CreateDbContext())
        {
            db.Users.Single(u => u.Id == user.UserId).EmailConfirmed.ShouldBeTrue();
        }
    }
}
