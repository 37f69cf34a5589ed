using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Memberships;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Languages;

/// <summary>
/// A German-speaking household in Chromium: the invitee opens the link on a phone in the dark, creates an account and
/// joins; the owner sees them arrive on a wide screen. Every page answers in German from the browser's own language.
/// </summary>
public sealed class GermanHouseholdTests(TestEnvironment env)
{
    [Fact]
    public async Task AnInvitee_JoinsInGerman_OnAPhone_AndTheOwnerSeesThemInGerman()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var owner = await env.App.CreateUserAsync("anna", withPassword: true, email: $"anna.{tag}@example.org");
        await using (var db = env.App.CreateDbContext())
        {
            await db
                .Users.Where(u => u.Id == owner.UserId)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(u => u.DisplayName, "Anna"),
                    TestContext.Current.CancellationToken
                );
        }

        var household = await env.App.CreateHouseholdAsync("WG Lindenstraße", (owner.UserId, HouseholdRole.Owner));
        var link = await owner.CreateLinkAsync(household);

        await using var phone = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new BrowserNewContextOptions
            {
                Locale = "de-DE",
                TimezoneId = "Europe/Berlin",
                ColorScheme = ColorScheme.Dark,
                ViewportSize = new ViewportSize { Width = 375, Height = 812 },
                IsMobile = true,
                HasTouch = true,
            }
        );
        var invitee = await phone.NewPageAsync();
        await invitee.OpenAsync(link.Path);
        await Assertions.Expect(invitee.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Assertions.Expect(invitee.Locator("[data-test=invite-household]")).ToContainTextAsync("WG Lindenstraße");
        await Assertions.Expect(invitee.Locator("[data-test=invite-expiry]")).ToContainTextAsync("7 Tage");
        await Assertions.Expect(invitee.Locator("#signup-heading")).ToHaveTextAsync("Konto erstellen und beitreten");
        (await invitee.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(375);
        await Infrastructure.Browser.ScreenshotAsync(invitee, "de-invite-landing-375-dark");

        var email = $"jonas.{tag}@example.org";
        await invitee.Locator("#signup-email").FillAsync(email);
        await invitee.Locator("#signup-display-name").FillAsync("Jonas");
        await invitee.Locator("#signup-password").FillAsync(TestData.DefaultPassword);
        await invitee.Locator("#signup-confirm").FillAsync(TestData.DefaultPassword);
        await invitee.Locator("[data-test=signup-submit]").ClickAsync();
        await BrowserFlows.WaitForAddressAsync(invitee, $"**/households/{household}**");
        await Assertions
            .Expect(invitee.Locator("[data-test=household-page]"))
            .ToHaveAttributeAsync("data-interactive", "true");
        await Assertions.Expect(invitee.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Assertions.Expect(invitee.Locator("[data-test=nav-households]")).ToHaveTextAsync("Haushalte");
        (await invitee.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(375);
        await Infrastructure.Browser.ScreenshotAsync(invitee, "de-household-member-375-dark");

        await using var laptop = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new BrowserNewContextOptions
            {
                Locale = "de-DE",
                TimezoneId = "Europe/Berlin",
                ColorScheme = ColorScheme.Light,
            }
        );
        var page = await MembershipBrowserTests.OpenHouseholdAsAsync(laptop, owner, household);
        await Assertions
            .Expect(page.Locator("[data-test=member-name]", new() { HasText = "Jonas" }))
            .ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=nav-user]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=sign-out]")).ToHaveTextAsync("Abmelden");
        await Infrastructure.Browser.ScreenshotAsync(page, "de-household-owner-1280-light");
    }
}
