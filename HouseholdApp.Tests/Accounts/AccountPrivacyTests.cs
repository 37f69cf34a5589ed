using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using HouseholdApp.Tests.Email;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UserManager = Microsoft.AspNetCore.Identity.UserManager<HouseholdApp.Data.ApplicationUser>;

namespace HouseholdApp.Tests.Accounts;

/// <summary>
/// These tests compare two paths by time, so they run alone: beside three other test classes on two cores, a password
/// hash took several times as long as alone, and one side's fastest attempts could all fall into a busy spell.
/// </summary>
[CollectionDefinition(nameof(AccountPrivacyTests), DisableParallelization = true)]
public sealed class AccountPrivacyCollection;

/// <summary>
/// With mail on, every anonymous endpoint that takes an address answers a known address exactly as an unknown one:
/// status, body and (within a tolerance) time.
/// </summary>
[Collection(nameof(AccountPrivacyTests))]
public sealed partial class AccountPrivacyTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The run's app variant of this class alone (its settings are no other class's), so its timings are
    /// taken while no other test sends it requests.</summary>
    private Task<TestApp> AppAsync(SmtpServer mail, bool requireConfirmed = false)
    {
        var settings = mail.AppSettings();
        settings["Identity:RequireConfirmedAccount"] = requireConfirmed ? "true" : "false";
        // Rounds of requests for one address: its mail limit (MailLimitTests) must not absorb them.
        settings["Email:Limits:AccountMailsPerAddressPerHour"] = "1000";
        return env.AppWithAsync(settings);
    }

    private sealed record Answer(HttpStatusCode Status, string Body, double Ms);

    private static async Task<Answer> TimeAsync(Func<Task<HttpResponseMessage>> send, string? address = null)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await send();
        var body = await response.Content.ReadAsStringAsync(Ct);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        // What a client can compare: a redirect's target, a page or problem without its per-request trace id, and
        // a page's persisted component state by its length only (it is encrypted afresh for every request).
        body =
            response.StatusCode == HttpStatusCode.Redirect
                ? "Location: " + response.Headers.Location
                : ComponentState()
                    .Replace(TraceId().Replace(body, ""), state =>
                        $"<!--state of {state.Groups[1].Length} characters-->"
                    );
        return new Answer(
            response.StatusCode,
            address is null ? body : body.Replace(address, "ADDRESS", StringComparison.Ordinal),
            ms
        );
    }

    /// <summary>
    /// Interleaved rounds for a known and an unknown address: the same status and body every time, and the fastest
    /// attempts (the closest to each path's own cost on a busy machine) within 50 ms or half of the slower one, so a
    /// password hash on one path only would show. While they differ, up to twice as many rounds more run: the suite's
    /// load passes, an extra hash stays in every attempt of its path.
    /// </summary>
    private static async Task ShouldAnswerAlikeAsync(
        string what,
        Func<string, Task<Answer>> attempt,
        string known,
        Func<string> unknown,
        int rounds = 6
    )
    {
        async Task<(Answer Known, Answer Unknown)> AttemptUnknownFirstAsync()
        {
            var first = await attempt(unknown());
            return (await attempt(known), first);
        }

        var knownMs = new List<double>();
        var unknownMs = new List<double>();
        var answers = new HashSet<(HttpStatusCode, string)>();
        bool Alike() => Math.Abs(knownMs.Min() - unknownMs.Min()) <= Bound(knownMs.Min(), unknownMs.Min());
        for (var i = 0; i < rounds || (i < 3 * rounds && !Alike()); i++)
        {
            // Each goes first in every other round: mail written in the background after a known address's request
            // then weighs on both alike.
            var (a, b) =
                i % 2 == 0 ? (await attempt(known), await attempt(unknown())) : await AttemptUnknownFirstAsync();
            knownMs.Add(a.Ms);
            unknownMs.Add(b.Ms);
            answers.Add((a.Status, a.Body));
            answers.Add((b.Status, b.Body));
        }

        answers.Count.ShouldBe(1, $"{what}: {string.Join(" | ", answers.Select(x => $"{(int)x.Item1} {x.Item2}"))}");
        ((int)answers.Single().Item1).ShouldBeLessThan(500, what);
        var (k, u) = (knownMs.Min(), unknownMs.Min());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{what}: fastest known {k:0.0} ms, unknown {u:0.0} ms of {knownMs.Count} rounds"
        );
        Math.Abs(k - u).ShouldBeLessThanOrEqualTo(Bound(k, u), $"{what}: known {k:0.0} ms, unknown {u:0.0} ms");
    }

    private static double Bound(double known, double unknown) => Math.Max(50, 0.5 * Math.Max(known, unknown));

    [Fact]
    public async Task ApiForgotPasswordAndResend_AnswerAlike_AndMailOnlyRealAccounts()
    {
        var mail = await env.MailServerAsync();
        var app = await AppAsync(mail);
        var user = await app.CreateUserAsync("apiforgot", withPassword: true);
        await using (var db = app.CreateDbContext())
        {
            await db
                .Users.Where(u => u.Id == user.UserId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, true), Ct);
        }

        var client = app.CreateHttpClient();
        var unknowns = new List<string>();
        string Unknown()
        {
            unknowns.Add(TestData.UniqueEmail("nobody"));
            return unknowns[^1];
        }

        await ShouldAnswerAlikeAsync(
            "API forgotPassword",
            email => TimeAsync(() => client.PostAsJsonAsync("/api/v1/account/forgotPassword", new { email }, Ct)),
            user.Email,
            Unknown
        );
        await mail.WaitForAsync(user.Email, "Your HouseholdApp password reset code");

        var unconfirmed = await app.CreateUserAsync("apiresend", withPassword: true);
        await ShouldAnswerAlikeAsync(
            "API resendConfirmationEmail",
            email =>
                TimeAsync(() => client.PostAsJsonAsync("/api/v1/account/resendConfirmationEmail", new { email }, Ct)),
            unconfirmed.Email,
            Unknown
        );
        await mail.WaitForAsync(unconfirmed.Email, "Confirm your e-mail address");
        foreach (var nobody in unknowns.Take(3))
        {
            (await mail.MessagesToAsync(nobody)).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task ForgotPasswordAndResendPages_AnswerAlike()
    {
        var mail = await env.MailServerAsync();
        var app = await AppAsync(mail, requireConfirmed: true);
        var user = await app.CreateUserAsync("pageforgot");

        await ShouldAnswerAlikeAsync(
            "forgot password page",
            email =>
                TimeAsync(() =>
                    app.CreateBrowserLikeClient()
                        .SubmitFormAsync(
                            "/Account/ForgotPassword",
                            "forgot-password",
                            new Dictionary<string, string> { ["Input.Email"] = email }
                        )
                ),
            user.Email,
            () => TestData.UniqueEmail("nobody")
        );
        await ShouldAnswerAlikeAsync(
            "resend page",
            email =>
                TimeAsync(
                    () =>
                        app.CreateBrowserLikeClient()
                            .SubmitFormAsync(
                                "/Account/ResendEmailConfirmation",
                                "resend-email-confirmation",
                                new Dictionary<string, string> { ["Input.Email"] = email }
                            ),
                    email
                ),
            user.Email,
            () => TestData.UniqueEmail("nobody")
        );
        await mail.WaitForAsync(user.Email, "Reset your HouseholdApp password");
        await mail.WaitForAsync(user.Email, "Confirm your e-mail address");
    }

    [Fact]
    public async Task ApiAndPageRegistration_AnswerATakenAddressLikeANewOne()
    {
        var mail = await env.MailServerAsync();
        var app = await AppAsync(mail);
        var taken = await app.CreateUserAsync("taken", withPassword: true);
        var client = app.CreateHttpClient();

        await ShouldAnswerAlikeAsync(
            "API register",
            email =>
                TimeAsync(() =>
                    client.PostAsJsonAsync(
                        "/api/v1/account/register",
                        new { email, password = TestData.DefaultPassword },
                        Ct
                    )
                ),
            taken.Email,
            () => TestData.UniqueEmail("new")
        );
        await ShouldAnswerAlikeAsync(
            "register page",
            email =>
                TimeAsync(() =>
                    app.CreateBrowserLikeClient()
                        .SubmitFormAsync(
                            "/Account/Register",
                            "register",
                            new Dictionary<string, string>
                            {
                                ["Input.Email"] = email,
                                ["Input.Password"] = TestData.DefaultPassword,
                                ["Input.ConfirmPassword"] = TestData.DefaultPassword,
                            }
                        )
                ),
            taken.Email,
            () => TestData.UniqueEmail("new")
        );
        (await mail.WaitForAsync(taken.Email, "You already have a HouseholdApp account")).ShouldNotBeNull();
    }

    [Fact]
    public async Task ConcurrentRegistrationsOfOneAddress_AllAnswerAlike_AndMakeOneAccount()
    {
        var mail = await env.MailServerAsync();
        var app = await AppAsync(mail);
        var email = TestData.UniqueEmail("race");

        var answers = await Task.WhenAll(
            Enumerable
                .Range(0, 12)
                .Select(async _ =>
                {
                    var response = await app.CreateHttpClient()
                        .PostAsJsonAsync(
                            "/api/v1/account/register",
                            new { email, password = TestData.DefaultPassword },
                            Ct
                        );
                    return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
                })
        );

        answers.Distinct().Count().ShouldBe(1, string.Join(" | ", answers.Distinct()));
        answers[0].Item1.ShouldBe(200, app.RecentErrors());
        await using var db = app.CreateDbContext();
        (await db.Users.CountAsync(u => u.Email == email, Ct)).ShouldBe(1);
        await mail.WaitForAsync(email, "Confirm your e-mail address");
    }

    [Fact]
    public async Task SignIn_ToAnUnconfirmedAccountWithAWrongPassword_AnswersLikeAnUnknownAddress()
    {
        var mail = await env.MailServerAsync();
        var app = await AppAsync(mail, requireConfirmed: true);
        var user = await app.CreateUserAsync("unconfirmed");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager>();
            var row = (await users.FindByIdAsync(user.UserId))!;
            (await users.AddPasswordAsync(row, TestData.DefaultPassword)).Succeeded.ShouldBeTrue();
        }

        var client = app.CreateHttpClient();
        await ShouldAnswerAlikeAsync(
            "API login, unconfirmed",
            email =>
                TimeAsync(() =>
                    client.PostAsJsonAsync("/api/v1/account/login", new { email, password = "wrong-password-here" }, Ct)
                ),
            user.Email,
            () => TestData.UniqueEmail("nobody")
        );
        var page = await app.CreateBrowserLikeClient()
            .SubmitFormAsync(
                "/Account/Login",
                "login",
                new Dictionary<string, string>
                {
                    ["Input.Email"] = user.Email,
                    ["Input.Password"] = "wrong-password-here",
                }
            );
        (await page.Content.ReadAsStringAsync(Ct)).ShouldContain("do not match an account");

        // The right password may learn that the account waits for confirmation.
        var right = await client.PostAsJsonAsync(
            "/api/v1/account/login",
            new { email = user.Email, password = TestData.DefaultPassword },
            Ct
        );
        (await right.Content.ReadAsStringAsync(Ct)).ShouldContain("NotAllowed");
    }

    [Fact]
    public async Task AfterSignUpWithMail_ThePageSaysWhatHappensNext_AndKeepsTheWayBack()
    {
        var mail = await env.MailServerAsync();
        var app = await AppAsync(mail);
        var client = app.CreateBrowserLikeClient();
        var email = TestData.UniqueEmail("next");

        var register = await client.SubmitFormAsync(
            "/Account/Register?ReturnUrl=%2Fhouseholds",
            "register",
            new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = TestData.DefaultPassword,
                ["Input.ConfirmPassword"] = TestData.DefaultPassword,
            }
        );
        register.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await client.GetStringAsync(register.Headers.Location!.ToString(), Ct);
        page.ShouldContain("data-test=\"register-next-steps\"");
        page.ShouldContain("data-test=\"register-resend\"");
        page.ShouldContain("ReturnUrl=%2Fhouseholds");
        await mail.WaitForAsync(email, "Confirm your e-mail address");
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex TraceId();

    [System.Text.RegularExpressions.GeneratedRegex("<!--Blazor-Server-Component-State:([^-]*)-->")]
    private static partial System.Text.RegularExpressions.Regex ComponentState();
}
