using System.Net;
using System.Net.Http.Json;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Memberships;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Households;

/// <summary>Renaming and deleting a household in the browser, with a second member watching, and the page with its
/// history and activity under axe.</summary>
public sealed class HouseholdLifeBrowserTests(TestEnvironment env)
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private static readonly LocatorAssertionsToHaveTextOptions Live = new() { Timeout = Eventually.TimeoutMs };

    [Fact]
    public async Task Owner_RenamesTheHousehold_AndAnOpenMemberPageShowsTheNewName()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var member = await env.App.CreateUserAsync("member", withPassword: true);
        var household = await env.App.CreateHouseholdAsync(
            "Maple Street flat",
            (owner.UserId, HouseholdRole.Owner),
            (member.UserId, HouseholdRole.Member)
        );
        await using var ownerContext = await Infrastructure.Browser.NewContextAsync(env.App);
        await using var memberContext = await Infrastructure.Browser.NewContextAsync(env.App);
        var page = await MembershipBrowserTests.OpenHouseholdAsAsync(ownerContext, owner, household);
        var memberPage = await MembershipBrowserTests.OpenHouseholdAsAsync(memberContext, member, household);
        await Assertions.Expect(memberPage.Locator("[data-test=household-settings]")).ToHaveCountAsync(0);

        // Cancelling changes nothing and puts focus back on the button.
        await page.Locator("[data-test=rename-household]").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Rename household" });
        await Assertions
            .Expect(dialog.Locator("input[data-test=rename-household-name]"))
            .ToHaveValueAsync("Maple Street flat");
        await dialog.Locator("[data-test=cancel-rename]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-test=rename-household]")).ToBeFocusedAsync();

        await page.Locator("[data-test=rename-household]").ClickAsync();
        await dialog.Locator("input[data-test=rename-household-name]").FillAsync("");
        await dialog.Locator("input[data-test=rename-household-name]").PressAsync("Enter");
        await Assertions
            .Expect(dialog.Locator(".mud-input-helper-text.mud-input-error"))
            .ToHaveTextAsync("Please give the household a name.");
        await dialog.Locator("input[data-test=rename-household-name]").FillAsync("Oak Street house");
        await dialog.Locator("[data-test=confirm-rename]").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("h1[data-test=household-name]")).ToHaveTextAsync("Oak Street house");
        await Assertions.Expect(page.Locator("h1[data-test=household-name]")).ToBeFocusedAsync();
        await Assertions
            .Expect(page.Locator(".mud-snackbar"))
            .ToContainTextAsync("The household is now called Oak Street house.");
        await Assertions
            .Expect(memberPage.Locator("h1[data-test=household-name]"))
            .ToHaveTextAsync("Oak Street house", Live);
        await Assertions.Expect(page.Locator("[data-test=activity-panel]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Owner_DeletesTheHousehold_ByTypingItsName_AndAnOpenMemberPageSaysItIsGone()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var member = await env.App.CreateUserAsync("member", withPassword: true);
        var household = await env.App.CreateHouseholdAsync(
            "Maple Street flat",
            (owner.UserId, HouseholdRole.Owner),
            (member.UserId, HouseholdRole.Member)
        );
        var link = await owner.CreateLinkAsync(
            household,
            new
            {
                expiresIn = "7d",
                maxUses = 2,
                role = "Member",
            }
        );
        await using var ownerContext = await Infrastructure.Browser.NewContextAsync(env.App);
        await using var memberContext = await Infrastructure.Browser.NewContextAsync(env.App);
        var page = await MembershipBrowserTests.OpenHouseholdAsAsync(ownerContext, owner, household);
        var memberPage = await MembershipBrowserTests.OpenHouseholdAsAsync(memberContext, member, household);
        var errors = new List<string>();
        memberPage.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        // The sole owner cannot leave, and is pointed to the one Delete button, in the settings.
        await Assertions.Expect(page.Locator("[data-test=leave-household]")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("[data-test=leave-blocked]")).ToContainTextAsync("Household settings");

        await page.Locator("[data-test=delete-household]").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Delete household?" });
        var confirm = dialog.Locator("[data-test=confirm-delete-household]");
        await Assertions.Expect(dialog.Locator("input[data-test=delete-household-name]")).ToBeFocusedAsync();
        await Assertions.Expect(confirm).ToBeDisabledAsync();
        await dialog.Locator("input[data-test=delete-household-name]").FillAsync("maple street flat");
        await Assertions.Expect(confirm).ToBeDisabledAsync();
        await dialog.Locator("[data-test=cancel-delete-household]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-test=delete-household]")).ToBeFocusedAsync();

        await page.Locator("[data-test=delete-household]").ClickAsync();
        await dialog.Locator("input[data-test=delete-household-name]").FillAsync("Maple Street flat");
        await Assertions.Expect(confirm).ToBeEnabledAsync();
        await confirm.ClickAsync();

        await BrowserFlows.WaitForAddressAsync(page, "**/households?deleted=*");
        await Assertions
            .Expect(page.Locator("[data-test=deleted-household]"))
            .ToContainTextAsync("You deleted Maple Street flat.");
        await Assertions.Expect(page.Locator("[data-test=household-link]")).ToHaveCountAsync(0);

        await Assertions
            .Expect(memberPage.Locator("[data-test=household-deleted]"))
            .ToBeVisibleAsync(new() { Timeout = Eventually.TimeoutMs });
        await Assertions
            .Expect(memberPage.Locator("[data-test=household-deleted] h1"))
            .ToHaveTextAsync("Maple Street flat was deleted");
        await Assertions.Expect(memberPage.Locator("[data-test=household-page]")).ToHaveCountAsync(0);
        await Assertions.Expect(memberPage.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        errors.ShouldBeEmpty();

        // Its link now answers like a link that never existed.
        (await env.App.CreateHttpClient().GetAsync($"/api/v1/invites/{link.Token}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NotFound
        );
    }

    [Fact]
    public async Task RemoveAndStepDownConfirmations_SayHowManyPendingLinksGoWithThePerson()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var other = await env.App.CreateUserAsync("other", withPassword: true);
        await NameAsync(other, "Bea");
        var household = await env.App.CreateHouseholdAsync(
            "Maple Street flat",
            (owner.UserId, HouseholdRole.Owner),
            (other.UserId, HouseholdRole.Owner)
        );
        await other.CreateLinkAsync(
            household,
            new
            {
                expiresIn = "7d",
                maxUses = 1,
                role = "Member",
            }
        );
        await other.CreateLinkAsync(
            household,
            new
            {
                expiresIn = "7d",
                maxUses = 1,
                role = "Owner",
            }
        );
        await using var context = await Infrastructure.Browser.NewContextAsync(env.App);
        var page = await MembershipBrowserTests.OpenHouseholdAsAsync(context, owner, household);
        var row = page.Locator($"[data-test=member-row][data-user-id='{other.UserId}']");

        await row.Locator("[data-test=remove-member]").ClickAsync();
        var remove = page.GetByRole(AriaRole.Dialog, new() { Name = "Remove member?" });
        await Assertions
            .Expect(remove.Locator("[data-test=revoked-links-warning]"))
            .ToHaveTextAsync("Bea’s 2 pending invite links will be revoked.");
        await remove.Locator("[data-test=cancel-remove]").ClickAsync();
        await Assertions.Expect(row.Locator("[data-test=remove-member]")).ToBeFocusedAsync();

        await row.Locator("[data-test=make-member]").ClickAsync();
        var stepDown = page.GetByRole(AriaRole.Dialog, new() { Name = "Make member?" });
        await Assertions
            .Expect(stepDown.Locator("[data-test=revoked-links-warning]"))
            .ToHaveTextAsync("Bea’s 1 pending owner invite link will be revoked.");
        await stepDown.Locator("[data-test=confirm-make-member]").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-role", "Member");
        await Assertions.Expect(row).ToBeFocusedAsync();

        // The viewer's own leaving names no links when they made none.
        await row.Locator("[data-test=make-owner]").ClickAsync();
        await page.Locator("[data-test=confirm-make-owner]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=leave-household]")).ToBeEnabledAsync();
        await page.Locator("[data-test=leave-household]").ClickAsync();
        var leave = page.GetByRole(AriaRole.Dialog, new() { Name = "Leave household?" });
        await Assertions.Expect(leave.Locator("[data-test=leave-confirmation]")).ToBeVisibleAsync();
        await Assertions.Expect(leave.Locator("[data-test=revoked-links-warning]")).ToHaveCountAsync(0);
        await leave.Locator("[data-test=cancel-leave]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=leave-household]")).ToBeFocusedAsync();
    }

    /// <summary>
    /// The owner's page with pending links, the history open (used up, expired, revoked with reasons) and recent
    /// activity, and the delete dialog: no serious or critical axe finding at 1280 and 375 px, light and dark.
    /// Screenshots go to TestResults/screenshots (household-life-*).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HouseholdPage_WithHistoryAndActivity_AndTheDeleteDialog_HaveNoSeriousAccessibilityViolations(
        bool dark
    )
    {
        var theme = dark ? "dark" : "light";
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        await NameAsync(owner, "Olga");
        var household = await owner.CreateHouseholdAsync("Maple Street flat");
        await owner.CreateLinkAsync(
            household,
            new
            {
                expiresIn = "7d",
                maxUses = 3,
                role = "Member",
                label = "for Mum",
            }
        );
        var usedUp = await owner.CreateLinkAsync(
            household,
            new
            {
                expiresIn = "1d",
                maxUses = 1,
                role = "Member",
                label = "for Sam",
            }
        );
        var member = await env.App.CreateUserAsync("flatmate", withPassword: true);
        await NameAsync(member, "Sam");
        (await member.Client.PostAsync($"/api/v1/invites/{usedUp.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        var expired = await owner.CreateLinkAsync(
            household,
            new
            {
                expiresIn = "1h",
                maxUses = 1,
                role = "Member",
            }
        );
        await env.App.ExpireAsync(expired.Id);
        await (
            await owner.CreateLinkAsync(
                household,
                new
                {
                    expiresIn = "1d",
                    maxUses = 2,
                    role = "Owner",
                    label = "spare",
                }
            )
        ).RevokeAsync();

        await using var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new BrowserNewContextOptions { BypassCSP = true, ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light }
        );
        if (dark)
        {
            await context.AddCookiesAsync([
                new Microsoft.Playwright.Cookie
                {
                    Name = HouseholdApp.Components.Layout.ThemePreference.CookieName,
                    Value = "dark",
                    Url = env.App.BaseAddress.ToString(),
                },
            ]);
        }

        var page = await MembershipBrowserTests.OpenHouseholdAsAsync(context, owner, household);
        await Assertions.Expect(page.Locator("[data-test=invite-list] [data-test=invite-row]")).ToHaveCountAsync(1);
        // The history opens from the keyboard.
        var historyHeader = page.Locator("[data-test=invite-history] .mud-expand-panel-header");
        await historyHeader.FocusAsync();
        await Assertions.Expect(historyHeader).ToBeFocusedAsync();
        await Assertions.Expect(historyHeader).ToHaveAttributeAsync("aria-expanded", "false");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(historyHeader).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions
            .Expect(page.Locator("[data-test=invite-history-list] [data-test=invite-row]"))
            .ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("[data-test=invite-revoked-reason]")).ToHaveTextAsync("Revoked by Olga");
        await Assertions
            .Expect(
                page.Locator(
                    "[data-test=activity-entry]",
                    new() { HasText = "\u2068Sam\u2069 joined through the link “for Sam”" }
                )
            )
            .ToHaveCountAsync(1);
        await Assertions
            .Expect(page.Locator("[data-test=activity-entry]").First)
            .ToContainTextAsync("revoked the link “spare”");
        await Assertions.Expect(page.Locator("[data-test=activity-entry]")).ToHaveCountAsync(6);
        var findings = new List<string>();

        async Task CheckAsync(string what)
        {
            foreach (var width in new[] { 1280, 375 })
            {
                await page.SetViewportSizeAsync(width, width == 1280 ? 900 : 800);
                await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
                var dialogOpen = await page.GetByRole(AriaRole.Dialog).CountAsync() > 0;
                await Infrastructure.Browser.ScreenshotAsync(
                    page,
                    $"household-life-{what}-{theme}-{width}",
                    fullPage: !dialogOpen
                );
                findings.AddRange(
                    (await Axe.SeriousViolationsAsync(page)).Select(v => $"{what}, {theme}, {width} px: {v}")
                );
            }

            await page.SetViewportSizeAsync(1280, 900);
        }

        await CheckAsync("owner");

        await page.Locator("[data-test=delete-household]").ClickAsync();
        await page.Locator("input[data-test=delete-household-name]").FillAsync("Maple Street flat");
        await Assertions.Expect(page.Locator("[data-test=confirm-delete-household]")).ToBeEnabledAsync();
        await CheckAsync("delete-dialog");

        findings.ShouldBeEmpty();
    }

    /// <summary>Gives the person a display name through the profile API.</summary>
    private static async Task NameAsync(TestUser user, string displayName) =>
        (await user.Client.PutAsJsonAsync("/api/v1/account/profile", new { displayName }, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
}
