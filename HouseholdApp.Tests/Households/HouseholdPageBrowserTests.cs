using System.Net.Http.Json;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Memberships;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Households;

/// <summary>The owner's household page as a person sees it in Chromium: its layout, its tab title, sharing a
/// link.</summary>
public sealed class HouseholdPageBrowserTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OwnersPage_UsesAWideScreen_InTwoColumns_StaysOneColumnOnAPhone_AndHasOneDeleteButton()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var member = await env.App.CreateUserAsync("member", withPassword: true);
        var household = await env.App.CreateHouseholdAsync(
            "Maple Street flat",
            (owner.UserId, HouseholdRole.Owner),
            (member.UserId, HouseholdRole.Member)
        );
        await owner.CreateLinkAsync(household, new { label = "Kitchen" });
        await using var context = await Infrastructure.Browser.NewContextAsync(env.App);
        var page = await MembershipBrowserTests.OpenHouseholdAsAsync(context, owner, household);
        await Assertions.Expect(page.Locator("[data-test=invites-panel][data-interactive=true]")).ToBeVisibleAsync();

        var members = await page.Locator("[data-test=member-list]").BoundingBoxAsync();
        var settings = await page.Locator("[data-test=household-settings]").BoundingBoxAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "household-owner-1280");

        // Beside each other at 1280 px, and together wider than the old 760 px column.
        settings!.X.ShouldBeGreaterThan(members!.X + members.Width);
        (settings.X + settings.Width - members.X).ShouldBeGreaterThan(1000);
        // One "Delete" on the page, and row buttons that say whose row or which link.
        await Assertions
            .Expect(
                page.GetByRole(
                    AriaRole.Button,
                    new() { NameRegex = new("delete", System.Text.RegularExpressions.RegexOptions.IgnoreCase) }
                )
            )
            .ToHaveCountAsync(1);
        await Assertions
            .Expect(
                page.GetByRole(
                    AriaRole.Button,
                    new() { Name = $"Remove {member.Email[..member.Email.IndexOf('@')]}", Exact = true }
                )
            )
            .ToHaveCountAsync(1);
        await Assertions
            .Expect(page.GetByRole(AriaRole.Button, new() { Name = "Revoke link “Kitchen”", Exact = true }))
            .ToHaveCountAsync(1);

        await page.SetViewportSizeAsync(375, 800);
        await Assertions.Expect(page.Locator("[data-test=household-settings]")).ToBeVisibleAsync();
        members = await page.Locator("[data-test=member-list]").BoundingBoxAsync();
        settings = await page.Locator("[data-test=household-settings]").BoundingBoxAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "household-owner-375");
        settings!.Y.ShouldBeGreaterThan(members!.Y + members.Height);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(375);
    }

    [Fact]
    public async Task TabTitle_FollowsARename_WithoutAReload()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var household = await env.App.CreateHouseholdAsync("Maple Street flat", (owner.UserId, HouseholdRole.Owner));
        await using var context = await Infrastructure.Browser.NewContextAsync(env.App);
        var page = await MembershipBrowserTests.OpenHouseholdAsAsync(context, owner, household);
        await Assertions.Expect(page).ToHaveTitleAsync("Maple Street flat · HouseholdApp");
        await page.EvaluateAsync("() => window.__notReloaded = true");

        // Renamed elsewhere (another device, through the API): the open page's tab follows.
        (
            await owner.Client.PatchAsJsonAsync($"/api/v1/households/{household}", new { name = "Oak Lane house" }, Ct)
        ).EnsureSuccessStatusCode();

        await Assertions.Expect(page.Locator("h1[data-test=household-name]")).ToHaveTextAsync("Oak Lane house");
        await Assertions.Expect(page).ToHaveTitleAsync("Oak Lane house · HouseholdApp");
        (await page.EvaluateAsync<bool>("() => window.__notReloaded === true")).ShouldBeTrue();
    }

    [Fact]
    public async Task CreatedLink_OffersTheSystemShareSheet_OnlyWhereTheBrowserHasOne()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var household = await env.App.CreateHouseholdAsync("Maple Street flat", (owner.UserId, HouseholdRole.Owner));

        // Chromium on Linux has no navigator.share: no Share button there.
        await using var plain = await Infrastructure.Browser.NewContextAsync(env.App);
        var page = await MembershipBrowserTests.OpenHouseholdAsAsync(plain, owner, household);
        var link = await CreateLinkAsync(page);
        await Assertions.Expect(page.Locator("[data-test=copy-invite-link]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=share-link]")).ToHaveCountAsync(0);

        // A browser with the Web Share API (as on a phone): the button hands the link to it.
        await using var sharing = await Infrastructure.Browser.NewContextAsync(env.App);
        await sharing.AddInitScriptAsync("navigator.share = async (data) => { window.__shared = data; };");
        page = await MembershipBrowserTests.OpenHouseholdAsAsync(sharing, owner, household);
        link = await CreateLinkAsync(page);
        await page.Locator("[data-test=share-link]").ClickAsync();
        await page.WaitForFunctionAsync("() => window.__shared !== undefined");
        (await page.EvaluateAsync<string>("() => window.__shared.url")).ShouldBe(link);
        (await page.EvaluateAsync<string>("() => window.__shared.title")).ShouldContain("Maple Street flat");
    }

    [Fact]
    public async Task HomePage_WithNoHouseholds_LinksToTheCreateForm_InsteadOfPointingBelowAtNothing()
    {
        var user = await env.App.CreateUserAsync("home", withPassword: true);
        var client = await env.App.SignedInBrowserClientAsync(user);

        var home = await client.GetStringAsync("/", Ct);
        var list = await client.GetStringAsync("/households", Ct);

        home.ShouldNotContain("below");
        home.ShouldContain("data-test=\"no-households-create\"");
        home.ShouldContain("href=\"households#create\"");
        list.ShouldContain("Create one below");
    }

    private static async Task<string> CreateLinkAsync(IPage page)
    {
        await page.Locator("[data-test=create-invite]").ClickAsync();
        await page.Locator("[data-test=create-invite-submit]").ClickAsync();
        var input = page.Locator("textarea[data-test=invite-link]");
        await Assertions.Expect(input).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/invites/"));
        return await input.InputValueAsync();
    }
}
