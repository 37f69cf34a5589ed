using HouseholdApp.Components.Interactive;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Memberships;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace HouseholdApp.Tests.Operations;

/// <summary>An owner's open page while the database goes away and comes back (through <see
/// cref="TcpRelay"/>).</summary>
public sealed class DatabaseDownBrowserTests(TestEnvironment env)
{
    [Fact]
    public async Task OwnersPage_WhenAnActionFindsTheDatabaseDown_SaysSo_KeepsItsCircuit_AndWorksOnceItIsBack()
    {
        await using var relay = await TcpRelay.InFrontOfNewDatabaseAsync(env.Postgres, "downpage");
        await using var app = new TestApp(relay.ConnectionString);
        app.StartServer();
        var owner = await app.CreateUserAsync("owner", withPassword: true);
        var household = await app.CreateHouseholdAsync("Maple Street flat", (owner.UserId, HouseholdRole.Owner));
        await using var context = await Infrastructure.Browser.NewContextAsync(app);
        var page = await MembershipBrowserTests.OpenHouseholdAsAsync(context, owner, household);
        await Assertions.Expect(page.Locator("[data-test=invites-panel][data-interactive=true]")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => window.__notReloaded = true");

        await page.Locator("[data-test=create-invite]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=create-invite-submit]")).ToBeEnabledAsync();
        relay.Stop();
        await Eventually.UntilAsync(
            () => !app.Services.GetRequiredService<HouseholdEvents>().IsListening,
            "the app noticed the database is gone"
        );
        try
        {
            await page.Locator("[data-test=create-invite-submit]").ClickAsync();
            await Assertions
                .Expect(page.Locator(".mud-snackbar"))
                .ToContainTextAsync(
                    "We can't reach the database right now, so nothing was changed. Please try again in a moment."
                );
        }
        catch
        {
            await page.ScreenshotAsync(
                new() { Path = Path.Combine(Paths.ScreenshotsDirectory, "database-down-failure.png") }
            );
            TestContext.Current.TestOutputHelper?.WriteLine(app.RecentErrors());
            throw;
        }

        await Assertions.Expect(page.Locator("[data-test=create-invite-submit]")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#blazor-error-ui")).Not.ToBeVisibleAsync();

        relay.Start();
        await Eventually.UntilAsync(
            () => app.Services.GetRequiredService<HouseholdEvents>().IsListening,
            "the app is back on the database"
        );
        // The same button, the same circuit: it works again (the pool may hand out one broken connection first).
        await Eventually.UntilAsync(
            async () =>
            {
                if (await page.Locator("textarea[data-test=invite-link]").CountAsync() > 0)
                {
                    return true;
                }

                // Clicked only while no attempt runs (the button is disabled then, and gone once the link shows).
                var submit = page.Locator("[data-test=create-invite-submit]:enabled");
                if (await submit.CountAsync() > 0)
                {
                    try
                    {
                        await submit.ClickAsync(new() { Timeout = 5_000 });
                    }
                    catch (TimeoutException)
                    {
                        // An attempt started or the link showed meanwhile: the next round looks again.
                    }
                }

                return await page.Locator("textarea[data-test=invite-link]").CountAsync() > 0;
            },
            "the invite was created once the database was back"
        );
        await Assertions
            .Expect(page.Locator("textarea[data-test=invite-link]"))
            .ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/invites/"));
        (await page.EvaluateAsync<bool>("() => window.__notReloaded === true")).ShouldBeTrue();
    }

    [Fact]
    public async Task OwnersPage_WhenTheViewersTimeZoneArrivesWhileTheDatabaseIsDown_KeepsItsCircuit()
    {
        await using var relay = await TcpRelay.InFrontOfNewDatabaseAsync(env.Postgres, "downzone");
        await using var app = new TestApp(relay.ConnectionString);
        app.StartServer();
        var owner = await app.CreateUserAsync("owner", withPassword: true);
        var household = await owner.CreateHouseholdAsync("Maple Street flat");
        await owner.CreateLinkAsync(household);
        await using var context = await Infrastructure.Browser.NewContextAsync(
            app,
            new() { TimezoneId = "Europe/Berlin" }
        );
        // The pages render in UTC (the script that would tell the server the zone beforehand is left out), and ask
        // the browser for its zone through their module once interactive: held back until the database is gone.
        await context.RouteAsync("**/time-zone.*js", route => route.AbortAsync());
        var release = new TaskCompletionSource();
        await context.RouteAsync("**/InteractiveProviders.razor.js*", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        var page = await MembershipBrowserTests.OpenHouseholdAsAsync(context, owner, household);
        await Assertions.Expect(page.Locator("[data-test=invites-panel][data-interactive=true]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=activity-time]")).ToContainTextAsync("UTC");
        await page.EvaluateAsync("() => window.__notReloaded = true");

        relay.Stop();
        await Eventually.UntilAsync(
            () => !app.Services.GetRequiredService<HouseholdEvents>().IsListening,
            "the app noticed the database is gone"
        );
        release.SetResult();
        try
        {
            await Assertions.Expect(page.Locator("[data-test=activity-time]")).ToContainTextAsync("Europe/Berlin");
        }
        catch
        {
            TestContext.Current.TestOutputHelper?.WriteLine(app.RecentErrors());
            throw;
        }

        // Back on the database, the same circuit still follows the household.
        relay.Start();
        await Eventually.UntilAsync(
            () => app.Services.GetRequiredService<HouseholdEvents>().IsListening,
            "the app is back on the database"
        );
        await owner.CreateLinkAsync(household);
        await Assertions.Expect(page.Locator("[data-test=activity-entry]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#blazor-error-ui")).Not.ToBeVisibleAsync();
        app.Logs.Entries.ShouldNotContain(e => e.Contains("Unhandled exception in circuit", StringComparison.Ordinal));
        (await page.EvaluateAsync<bool>("() => window.__notReloaded === true")).ShouldBeTrue();
    }
}
