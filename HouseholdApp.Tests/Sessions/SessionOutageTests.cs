using System.Security.Claims;
using HouseholdApp.Components.Account;
using HouseholdApp.Data;
using HouseholdApp.Features.Sessions;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Operations;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HouseholdApp.Tests.Sessions;

/// <summary>The check open pages run on their session, while the database goes away and comes back.</summary>
public sealed class SessionOutageTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOpenPagesSessionCheck_KeepsTheSessionWhileTheDatabaseIsDown_AndEndsItOnceEndedAfterwards()
    {
        await using var relay = await TcpRelay.InFrontOfNewDatabaseAsync(env.Postgres, "downsession");
        // No remembered checks: every check asks the database.
        await using var app = new TestApp(
            relay.ConnectionString,
            new Dictionary<string, string?> { ["Sessions:ValidationInterval"] = "00:00:00" }
        );
        app.StartServer();
        var owner = await app.CreateUserAsync("owner");
        var sessions = app.Services.GetRequiredService<UserSessions>();
        ClaimsPrincipal principal;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var user = (
                await scope
                    .ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>()
                    .FindByIdAsync(owner.UserId)
            )!;
            principal = await scope
                .ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>()
                .CreateAsync(user);
            var sessionId = await sessions.StartAsync(user, user.SecurityStamp!, SessionKind.Browser, "test", Ct);
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(UserSessions.ClaimType, sessionId));
        }

        var check = new IdentityRevalidatingAuthenticationStateProvider(
            app.Services.GetRequiredService<ILoggerFactory>(),
            sessions,
            app.Services.GetRequiredService<IOptions<UserSessionOptions>>()
        );
        var state = new AuthenticationState(principal);
        (await check.CheckAsync(state, Ct)).ShouldBeTrue("a live session");

        relay.Stop();
        (await check.CheckAsync(state, Ct)).ShouldBeTrue("kept while the database cannot say");
        app.Logs.Entries.ShouldContain(e => e.Contains("session could not be checked", StringComparison.Ordinal));

        relay.Start();
        // The pool may hand out a connection the outage broke first.
        await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    await sessions.EndAsync(principal, Ct);
                    return true;
                }
                catch (NpgsqlException)
                {
                    return false;
                }
            },
            "the session ends once the database is back"
        );
        (await check.CheckAsync(state, Ct)).ShouldBeFalse("an ended session still ends open pages");
    }
}
