using System.Net;
using System.Net.Http.Json;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Tests.Email;

/// <summary>The account API's mail under concurrency: every request has its own database context, whatever it
/// reaches.</summary>
public sealed class AccountMailConcurrencyTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentRegisterResendAndManageCalls_NeverAnswer5xx_AndAnAccountExistsExactlyWhenRegistered()
    {
        var mail = await env.MailServerAsync();
        var app = await env.MailAppAsync();
        var members = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            members.Add(await app.CreateUserAsync("manage", withPassword: true));
        }

        var good = Enumerable.Range(0, 12).Select(i => TestData.UniqueEmail($"good{i}")).ToList();
        var weak = Enumerable.Range(0, 6).Select(i => TestData.UniqueEmail($"weak{i}")).ToList();
        var unknown = Enumerable.Range(0, 4).Select(i => TestData.UniqueEmail($"unknown{i}")).ToList();
        using var start = new SemaphoreSlim(0);
        var calls = new List<Task<(string What, string Email, HttpResponseMessage Response)>>();

        void Call(string what, string email, HttpClient? client, Func<HttpClient, Task<HttpResponseMessage>> send) =>
            calls.Add(
                Task.Run(
                    async () =>
                    {
                        var http = client ?? app.CreateHttpClient();
                        await start.WaitAsync(Ct);
                        return (what, email, await send(http));
                    },
                    Ct
                )
            );

        foreach (var email in good)
        {
            Call("register", email, null, c =>
                c.PostAsJsonAsync("/api/v1/account/register", new { email, password = TestData.DefaultPassword }, Ct)
            );
            Call("resend", email, null, c =>
                c.PostAsJsonAsync("/api/v1/account/resendConfirmationEmail", new { email }, Ct)
            );
        }

        foreach (var email in weak)
        {
            Call("register-weak", email, null, c =>
                c.PostAsJsonAsync("/api/v1/account/register", new { email, password = "short" }, Ct)
            );
        }

        foreach (var email in unknown)
        {
            Call("resend", email, null, c =>
                c.PostAsJsonAsync("/api/v1/account/resendConfirmationEmail", new { email }, Ct)
            );
            Call("forgot", email, null, c => c.PostAsJsonAsync("/api/v1/account/forgotPassword", new { email }, Ct));
        }

        foreach (var member in members)
        {
            var newEmail = TestData.UniqueEmail("moving");
            Call("register-taken", member.Email, null, c =>
                c.PostAsJsonAsync(
                    "/api/v1/account/register",
                    new { email = member.Email, password = TestData.DefaultPassword },
                    Ct
                )
            );
            Call("manage-read", member.Email, member.Client, c => c.GetAsync("/api/v1/account/manage/info", Ct));
            Call("manage-email", newEmail, member.Client, c =>
                c.PostAsJsonAsync("/api/v1/account/manage/info", new { newEmail }, Ct)
            );
            Call("forgot", member.Email, null, c =>
                c.PostAsJsonAsync("/api/v1/account/forgotPassword", new { email = member.Email }, Ct)
            );
        }

        start.Release(calls.Count);
        var results = await Task.WhenAll(calls);

        var failed = results.Where(r => (int)r.Response.StatusCode >= 500).ToList();
        failed.ShouldBeEmpty(
            string.Join(", ", failed.Select(f => $"{f.What} {(int)f.Response.StatusCode}"))
                + $"\napp errors: {app.RecentErrors()}"
        );
        await using var db = app.CreateDbContext();
        foreach (
            var (what, email, response) in results.Where(r => r.What.StartsWith("register", StringComparison.Ordinal))
        )
        {
            var accounts = await db.Users.CountAsync(u => u.Email == email, Ct);
            switch (what)
            {
                case "register":
                    response.StatusCode.ShouldBe(HttpStatusCode.OK, email);
                    accounts.ShouldBe(1, email);
                    break;
                case "register-weak":
                    response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, email);
                    accounts.ShouldBe(0, email);
                    break;
                default:
                    // A taken address answers like a new one (its owner hears by mail), and no second account appears.
                    response.StatusCode.ShouldBe(HttpStatusCode.OK, email);
                    accounts.ShouldBe(1, email);
                    break;
            }
        }

        results
            .Where(r => r.What is "resend" or "forgot" or "manage-read" or "manage-email")
            .ShouldAllBe(r => r.Response.StatusCode == HttpStatusCode.OK);
        foreach (var email in good)
        {
            await mail.WaitForAsync(email, "Confirm your e-mail address");
        }

        foreach (var email in results.Where(r => r.What == "manage-email").Select(r => r.Email))
        {
            await mail.WaitForAsync(email, "Confirm your new e-mail address");
        }

        foreach (var email in unknown)
        {
            (await mail.MessagesToAsync(email)).ShouldBeEmpty();
        }
    }
}
