using System.Net;
using System.Net.Http.Json;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HouseholdApp.Tests.Invites;

/// <summary>Logs name invite ids, never raw tokens — including the framework's request logs (SPEC section 8).</summary>
public sealed class InviteLoggingTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Information", false)]
    [InlineData("Debug", false)]
    [InlineData("Trace", false)]
    [InlineData("Debug", true)]
    public async Task NoRawTokenInAnyLogEntry_WhateverTheLevel(string level, bool perProvider)
    {
        var capture = new LogCapture();
        // Levels set per provider (Logging:Console:LogLevel:…) outrank category rules that name no provider.
        var section = perProvider ? $"Logging:{typeof(LogCapture).FullName}:LogLevel" : "Logging:LogLevel";
        await using var app = await TestApp.StartAsync(
            env.Postgres,
            new Dictionary<string, string?>
            {
                [$"{section}:Default"] = level,
                [$"{section}:Microsoft"] = level,
                [$"{section}:Microsoft.AspNetCore"] = level,
                [$"{section}:Microsoft.AspNetCore.Hosting.Diagnostics"] = level,
                [$"{section}:Microsoft.AspNetCore.Routing"] = level,
                [$"{section}:Microsoft.EntityFrameworkCore.Database.Command"] = level,
                [$"{section}:HouseholdApp.Requests"] = level,
            },
            "logging",
            s =>
            {
                // Only the capture: a console at Debug would flood the test output.
                s.RemoveAll<ILoggerProvider>();
                s.AddSingleton<ILoggerProvider>(capture);
            }
        );
        var (owner, link) = await app.CreateOwnerWithLinkAsync(new { maxUses = 5 });
        var signUpLink = await owner.CreateLinkAsync(link.HouseholdId);
        var failing = await owner.CreateLinkAsync(link.HouseholdId);
        var joiner = await app.CreateUserAsync("joiner");
        var anonymous = app.CreateHttpClient();
        var unknown = InviteToken.Generate();
        var malformed = unknown[..42] + "B";

        // Every path a token travels: look-ups, accept, sign-up, the page, failures and an unhandled exception.
        (await anonymous.GetAsync($"/api/v1/invites/{link.Token}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await joiner.Client.GetAsync($"/api/v1/invites/{link.Token}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await joiner.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        (await joiner.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Conflict
        );
        (
            await anonymous.PostAsJsonAsync(
                $"/api/v1/invites/{signUpLink.Token}/signup",
                new { email = TestData.UniqueEmail(), password = TestData.DefaultPassword },
                Ct
            )
        ).StatusCode.ShouldBe(HttpStatusCode.Created);
        (
            await anonymous.PostAsJsonAsync(
                $"/api/v1/invites/{signUpLink.Token}/signup",
                new { email = TestData.UniqueEmail(), password = TestData.DefaultPassword },
                Ct
            )
        ).StatusCode.ShouldBe(HttpStatusCode.Gone);
        (
            await anonymous.PostAsync(
                $"/api/v1/invites/{link.Token}/signup",
                new StringContent("{", System.Text.Encoding.UTF8, "application/json"),
                Ct
            )
        ).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await anonymous.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Unauthorized
        );
        (await anonymous.GetAsync($"/api/v1/invites/{unknown}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync($"/api/v1/invites/{malformed}", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await anonymous.GetAsync($"/invites/{link.Token}", Ct)).StatusCode.ShouldNotBe(
            HttpStatusCode.InternalServerError
        );
        (await anonymous.GetAsync($"/invites/{unknown}", Ct)).StatusCode.ShouldNotBe(
            HttpStatusCode.InternalServerError
        );
        (await anonymous.GetAsync($"/invites/{malformed}", Ct)).StatusCode.ShouldNotBe(
            HttpStatusCode.InternalServerError
        );
        (await anonymous.PostAsync($"/invites/{link.Token}", new FormUrlEncodedContent([]), Ct)).StatusCode.ShouldNotBe(
            HttpStatusCode.InternalServerError
        );
        await using (await app.FailMembershipInsertsAsync(failing.HouseholdId))
        {
            (
                await (await app.CreateUserAsync("unlucky")).Client.PostAsync(
                    $"/api/v1/invites/{failing.Token}/accept",
                    null,
                    Ct
                )
            ).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        }

        // The request log is written as each request ends, which may be just after its response arrived.
        // The unlucky accept is logged last, once the API's exception handler has answered it with a problem.
        await capture.WaitForAsync(e =>
            e.StartsWith("Information HouseholdApp.Requests", StringComparison.Ordinal)
            && e.Contains(" answered 500", StringComparison.Ordinal)
        );

        var entries = capture.Entries;
        entries.ShouldNotBeEmpty();
        entries.ShouldContain(
            e => e.Contains("/api/v1/invites/{token}", StringComparison.Ordinal),
            "our request log names the route pattern"
        );
        entries.ShouldContain(
            e => e.Contains(link.Id.ToString(), StringComparison.Ordinal),
            "the service names invite ids"
        );
        if (level != "Information")
        {
            entries.ShouldContain(
                e => e.StartsWith("Debug Microsoft.AspNetCore", StringComparison.Ordinal),
                "the framework does log at this level"
            );
        }

        foreach (var token in new[] { link.Token, signUpLink.Token, failing.Token, unknown, malformed })
        {
            entries
                .Where(e => e.Contains(token, StringComparison.Ordinal))
                .Select(e => e[..Math.Min(e.Length, 400)])
                .ShouldBeEmpty();
        }
    }
}
