using HouseholdApp.Tests.Infrastructure;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Browser;

/// <summary>The pages outside the invite flow (which has its own scans) have no serious or critical axe finding.</summary>
public sealed class AccessibilityTests(TestEnvironment env)
{
    [Fact]
    public async Task HomeAccountAndHouseholdPages_HaveNoSeriousAccessibilityViolations()
    {
        await using var context = await Infrastructure.Browser.NewContextAsync(env.App, new BrowserNewContextOptions { BypassCSP = true });
        var page = await context.NewPageAsync();
        var findings = new List<string>();

        async Task ScanAsync(string what)
        {
            findings.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"{what}: {v}"));
        }

        await page.GotoAsync("/");
        await ScanAsync("home, signed out");
        await page.GotoAsync("/Account/Login");
        await ScanAsync("sign in");
        await page.GotoAsync("/Account/Register");
        await page.Locator("[data-test=register-submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".invalid-feedback").First).ToBeVisibleAsync();
        await ScanAsync("register, with errors");

        await BrowserFlows.RegisterAsync(page, "axe");
        await ScanAsync("households, empty");
        await BrowserFlows.CreateHouseholdAsync(page, "Axe Street");
        await Assertions.Expect(page.Locator("[data-test=household-page]")).ToHaveAttributeAsync("data-interactive", "true");
        await ScanAsync("household, as its only owner");
        await page.GotoAsync("/");
        await ScanAsync("home, signed in");
        await page.GotoAsync("/Account/Manage");
        await ScanAsync("account");
        await page.GotoAsync("/Account/Manage/ChangePassword");
        await ScanAsync("change password");
        await page.GotoAsync("/no-such-page");
        await ScanAsync("not found");

        findings.ShouldBeEmpty();
    }
}
