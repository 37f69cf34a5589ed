using System.Globalization;
using System.Text.RegularExpressions;
using HouseholdApp.Features.Accounts;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HouseholdApp.Tests.Accounts;

/// <summary>Chromium in Auckland: static pages write its time from the second page on; the profile keeps the zone.
/// </summary>
public sealed class TimeZoneBrowserTests(TestEnvironment env)
{
    private static readonly TimeZoneInfo Auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");

    [Fact]
    public async Task InAuckland_TheLandingAndSessionsPages_WriteAucklandTime_FromTheSecondPageOn()
    {
        var invite = await env.App.CreateInviteAsync("Kauri House");
        var user = await env.App.CreateUserAsync("kiwi", withPassword: true);
        await using var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new BrowserNewContextOptions { TimezoneId = "Pacific/Auckland" }
        );
        var page = await context.NewPageAsync();

        // The first page cannot know the zone yet, and says which one it uses.
        await page.OpenAsync(invite.Path);
        var expiry = page.Locator("[data-test=invite-expiry-at]");
        var iso = await page.Locator("[data-test=invite-expiry] time").GetAttributeAsync("datetime");
        var expiresAt = DateTimeOffset.Parse(iso!, CultureInfo.InvariantCulture);
        await Expect(expiry).ToHaveTextAsync($"({TimeZoneTests.Written(expiresAt, "UTC")})");

        await page.ReloadAsync();
        await Expect(expiry).ToHaveTextAsync($"({TimeZoneTests.Written(expiresAt, "Pacific/Auckland")})");
        await Infrastructure.Browser.ScreenshotAsync(page, "time-zone-landing");

        await BrowserFlows.SignInAsync(page, user.Email, "/Account/Manage/Sessions");
        var facts = await page.Locator("[data-test=session-row][data-current=true] [data-test=session-facts]")
            .InnerTextAsync();
        var signedIn = Regex.Match(facts, @"signed in (\d{1,2} \w{3} \d{4}, \d{2}:\d{2}) Pacific/Auckland");
        signedIn.Success.ShouldBeTrue(facts);
        var local = DateTime.ParseExact(signedIn.Groups[1].Value, "d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);
        (TimeZoneInfo.ConvertTimeToUtc(local, Auckland) - DateTime.UtcNow)
            .Duration()
            .ShouldBeLessThan(TimeSpan.FromMinutes(5));

        // The signed-in browser's zone is the one mails use, and the profile says so.
        await using (var scope = env.App.Services.CreateAsyncScope())
        {
            var saved = await scope
                .ServiceProvider.GetRequiredService<TimeZonePreference>()
                .SavedAsync(user.UserId, TestContext.Current.CancellationToken);
            saved.ShouldBe(new SavedTimeZone("Pacific/Auckland", false));
        }

        await page.OpenAsync("/Account/Manage");
        await Expect(page.Locator("[data-test=time-zone] option:checked"))
            .ToHaveTextAsync("Use this device's zone (Pacific/Auckland)");
        await Expect(page.Locator("[data-test=time-zone-help]"))
            .ToHaveTextAsync("Mails give times in Pacific/Auckland.");
        await page.Locator("[data-test=time-zone]").SelectOptionAsync("Europe/Berlin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("[data-test=time-zone-help]")).ToHaveTextAsync("Mails give times in Europe/Berlin.");
        await Expect(page.Locator("[data-test=time-zone] option:checked"))
            .ToHaveAttributeAsync("value", "Europe/Berlin");
        await Infrastructure.Browser.ScreenshotAsync(page, "time-zone-profile");
    }
}
