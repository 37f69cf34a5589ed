using HouseholdApp.Tests.Infrastructure;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Browser;

public sealed class ReconnectBrowserTests(TestEnvironment env)
{
    [Fact]
    public async Task WhenTheServerGoesAway_AnInteractivePageSaysSo_InsteadOfFailingSilently()
    {
        // Its own server, so it can be stopped under the open page.
        var app = await TestApp.StartAsync(env.Postgres, prefix: "reconnect");
        await using var context = await Infrastructure.Browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await BrowserFlows.RegisterAsync(page, "reconnect");
        await BrowserFlows.CreateHouseholdAsync(page, "Lighthouse");
        await Assertions
            .Expect(page.Locator("[data-test=household-page]"))
            .ToHaveAttributeAsync("data-interactive", "true");
        var modal = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(modal).ToBeHiddenAsync();

        await app.DisposeAsync();

        await Assertions.Expect(modal).ToBeVisibleAsync(new() { Timeout = Eventually.TimeoutMs });
        await Assertions.Expect(modal).ToContainTextAsync("Connection lost", new() { Timeout = Eventually.TimeoutMs });
        // .NET 10's reconnect events drive a modal <dialog>: opened with showModal, worded for the current state.
        (await modal.EvaluateAsync<bool>("d => d.open && d.matches(':modal')")).ShouldBeTrue();
        await Assertions.Expect(modal.Locator(".reconnect-when-retrying")).ToBeVisibleAsync();
        await Assertions.Expect(modal.Locator("#components-reconnect-button")).ToBeHiddenAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "reconnecting");
    }
}
