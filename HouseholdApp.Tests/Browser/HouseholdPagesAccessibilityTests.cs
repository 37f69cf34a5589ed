using HouseholdApp.Components.Layout;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Memberships;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Browser;

/// <summary>
/// The household pages' scans, one class per theme so the two run in parallel (a class's tests run one after
/// another).
/// </summary>
public abstract class HouseholdPagesAccessibilityTests(TestEnvironment env, bool dark)
{
    /// <summary>
    /// The households list, the household page (as owner and as member), the create-invite dialog with its link and
    /// QR code, and a confirmation: no serious or critical axe finding at 1280 and 375 px, light and dark.
    /// Screenshots of each go to TestResults/screenshots (household-*, invites-*).
    /// </summary>
    [Fact]
    public async Task HouseholdPages_HaveNoSeriousAccessibilityViolations_OnDesktopAndPhone()
    {
        var theme = dark ? "dark" : "light";
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var member = await env.App.CreateUserAsync("member", withPassword: true);
        var household = await env.App.CreateHouseholdAsync(
            "Maple Street flat",
            (owner.UserId, HouseholdRole.Owner),
            (member.UserId, HouseholdRole.Member)
        );
        var findings = new List<string>();

        await using var ownerContext = await NewContextAsync();
        var page = await MembershipBrowserTests.OpenHouseholdAsAsync(ownerContext, owner, household);
        await Assertions.Expect(page.Locator("[data-test=invites-panel][data-interactive=true]")).ToBeVisibleAsync();

        async Task CheckAsync(IPage on, string what)
        {
            // Scanned in the theme it is meant to be scanned in.
            await Assertions
                .Expect(on.Locator("body"))
                .ToHaveCSSAsync("background-color", dark ? PageBackground.Dark : PageBackground.Light);
            foreach (var width in new[] { 1280, 375 })
            {
                await on.SetViewportSizeAsync(width, width == 1280 ? 900 : 800);
                await WhenDialogsSettledAsync(on);
                // With a dialog open, the viewport is what a person sees (a full-page shot cuts the overlay off).
                var dialogOpen = await on.GetByRole(AriaRole.Dialog).CountAsync() > 0;
                await Infrastructure.Browser.ScreenshotAsync(on, $"{what}-{theme}-{width}", fullPage: !dialogOpen);
                findings.AddRange(
                    (await Axe.SeriousViolationsAsync(on)).Select(v => $"{what}, {theme}, {width} px: {v}")
                );
            }

            await on.SetViewportSizeAsync(1280, 900);
        }

        // An invite with its link and QR code, then the page with that invite listed.
        await page.Locator("[data-test=create-invite]").ClickAsync();
        await page.Locator("input[data-test=invite-uses]").FillAsync("3");
        await page.Locator("[data-test=create-invite-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=invite-qr]")).ToBeVisibleAsync();
        await CheckAsync(page, "invites-create-dialog");
        await page.Locator("[data-test=close-invite-dialog]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await CheckAsync(page, "household-owner");

        await page.Locator($"[data-test=member-row][data-user-id='{member.UserId}'] [data-test=remove-member]")
            .ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Remove member?" })).ToBeVisibleAsync();
        await CheckAsync(page, "household-confirm-remove");
        await page.Locator("[data-test=cancel-remove]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await page.Locator("[data-test=nav-households]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=households-page][data-interactive=true]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=household-link]")).ToHaveTextAsync("Maple Street flat");
        await CheckAsync(page, "households");

        await using var memberContext = await NewContextAsync();
        var memberPage = await MembershipBrowserTests.OpenHouseholdAsAsync(memberContext, member, household);
        await Assertions.Expect(memberPage.Locator("[data-test=member-row]")).ToHaveCountAsync(2);
        await CheckAsync(memberPage, "household-member");

        findings.ShouldBeEmpty();
    }

    /// <summary>Dark as the app shows it: the theme cookie the app bar's toggle sets, and the system
    /// preference.</summary>
    private async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new BrowserNewContextOptions { BypassCSP = true, ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light }
        );
        if (dark)
        {
            await context.AddCookiesAsync([
                new Cookie
                {
                    Name = ThemePreference.CookieName,
                    Value = "dark",
                    Url = env.App.BaseAddress.ToString(),
                },
            ]);
        }

        return context;
    }

    /// <summary>Waits until dialogs have finished their opening animation, so scans and screenshots see them as a
    /// person does.</summary>
    private static Task WhenDialogsSettledAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
}

public sealed class LightHouseholdPagesAccessibilityTests(TestEnvironment env)
    : HouseholdPagesAccessibilityTests(env, dark: false);

public sealed class DarkHouseholdPagesAccessibilityTests(TestEnvironment env)
    : HouseholdPagesAccessibilityTests(env, dark: true);
