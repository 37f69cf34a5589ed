using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.InvitesPanel;

/// <summary>What an owner does with invite links, in Chromium against the real app.</summary>
public sealed class InvitesPanelBrowserTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Owner_CreatesAndCopiesALink_SeesSomeoneJoinLive_AndRevokesAnotherLink()
    {
        await using var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new BrowserNewContextOptions { Permissions = ["clipboard-read", "clipboard-write"] }
        );
        var page = await context.NewPageAsync();
        var cspViolations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                cspViolations.Add(message.Text);
            }
        };
        await SignUpAndCreateHouseholdAsync(page, "Birch Lane house");
        var panel = page.Locator("[data-test=invites-panel][data-interactive=true]");
        await Assertions.Expect(panel).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=no-invites]")).ToBeVisibleAsync();

        // Open the dialog: labelled, modal, focus inside, sensible defaults.
        await page.Locator("[data-test=create-invite]").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Create an invite link" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog).ToHaveAttributeAsync("aria-modal", "true");
        await Assertions.Expect(page.Locator("input[data-test=invite-expiry-7d]")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("input[data-test=invite-expiry-7d]")).ToBeCheckedAsync();
        await Assertions
            .Expect(dialog.GetByRole(AriaRole.Radiogroup, new() { Name = "Link works for" }))
            .ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("input[data-test=invite-uses]")).ToHaveValueAsync("1");
        await Assertions.Expect(dialog.GetByLabel("Number of uses")).ToHaveValueAsync("1");
        await Assertions.Expect(page.Locator("input[data-test=invite-role-member]")).ToBeCheckedAsync();

        // An impossible number of uses is explained next to the field, and nothing is created.
        await page.Locator("input[data-test=invite-uses]").FillAsync("500");
        await page.Locator("[data-test=create-invite-submit]").ClickAsync();
        await Assertions
            .Expect(dialog.Locator(".mud-input-helper-text.mud-input-error"))
            .ToContainTextAsync("between 1 and 100");
        await Assertions
            .Expect(page.Locator("input[data-test=invite-uses]"))
            .ToHaveAttributeAsync("aria-invalid", "true");

        await page.Locator("input[data-test=invite-uses]").FillAsync("1");
        await page.Locator("[data-test=create-invite-submit]").ClickAsync();
        var linkInput = page.Locator("textarea[data-test=invite-link]");
        await Assertions.Expect(linkInput).ToBeVisibleAsync();
        await Assertions.Expect(linkInput).ToBeFocusedAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Your invite link" }))
            .ToBeVisibleAsync();
        await AssertWholeLinkSelectedAsync(linkInput);
        var link = await linkInput.InputValueAsync();
        link.ShouldStartWith(env.App.BaseAddress.ToString().TrimEnd('/') + "/invites/");
        await Assertions
            .Expect(page.GetByRole(AriaRole.Dialog))
            .ToContainTextAsync($"Opens {env.App.BaseAddress.Authority}.");
        var token = link[(link.LastIndexOf('/') + 1)..];
        token.Length.ShouldBe(43);
        (await page.Locator("[data-test=invite-qr]").GetAttributeAsync("src"))!.ShouldStartWith(
            "data:image/svg+xml;base64,"
        );
        await Assertions.Expect(page.Locator("[data-test=invite-qr]")).ToBeVisibleAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "create-invite-dialog");

        await page.Locator("[data-test=copy-invite-link]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=copy-confirmation]")).ToHaveTextAsync("Copied");
        (await page.EvaluateAsync<string>("navigator.clipboard.readText()")).ShouldBe(link);

        // Closing forgets the link: it is nowhere on the page any more.
        await page.Locator("[data-test=close-invite-dialog]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-test=create-invite]")).ToBeFocusedAsync();
        (await page.ContentAsync()).ShouldNotContain(token);
        var row = page.Locator("[data-test=invite-row]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("[data-test=invite-status]")).ToHaveTextAsync("Pending");
        await Assertions.Expect(row.Locator("[data-test=invite-uses-text]")).ToHaveTextAsync("0 of 1");

        // Someone opens the copied link in another browser and signs up there; the owner's open page shows
        // the join within two seconds, without a reload.
        var joiner = TestData.UniqueEmail("joiner");
        await using (var otherBrowser = await Infrastructure.Browser.NewContextAsync(env.App))
        {
            var other = await otherBrowser.NewPageAsync();
            await other.OpenAsync(link);
            await Assertions.Expect(other.Locator("main[data-invite-state=valid]")).ToBeVisibleAsync();
            await other.GetByLabel("Email").FillAsync(joiner);
            await other.GetByLabel("Password", new() { Exact = true }).FillAsync(TestData.DefaultPassword);
            await other.GetByLabel("Confirm password").FillAsync(TestData.DefaultPassword);
            await other.Locator("[data-test=signup-submit]").ClickAsync();
            await BrowserFlows.WaitForAddressAsync(other, "**/households/*?welcome=1");
        }

        var live = new LocatorAssertionsToHaveTextOptions { Timeout = Eventually.TimeoutMs };
        await Assertions
            .Expect(page.Locator("[data-test=member-row]").Filter(new() { HasText = joiner }))
            .ToHaveCountAsync(1, new() { Timeout = Eventually.TimeoutMs });
        await Assertions.Expect(row.Locator("[data-test=invite-uses-text]")).ToHaveTextAsync("1 of 1", live);
        await Assertions.Expect(row.Locator("[data-test=invite-joiner-email]")).ToHaveTextAsync(joiner, live);
        await Assertions.Expect(row.Locator("[data-test=invite-status]")).ToHaveTextAsync("Used up", live);
        await Assertions.Expect(row.Locator("[data-test=revoke-invite]")).ToHaveCountAsync(0);

        // A second link, revoked with confirmation: its badge says so and the link is dead at once.
        var second = await CreateInviteThroughDialogAsync(page, uses: "5", role: "Member");
        var pendingRow = page.Locator("[data-test=invite-row][data-status=pending]");
        await Assertions.Expect(pendingRow).ToHaveCountAsync(1);
        await Assertions.Expect(pendingRow.Locator("[data-test=invite-uses-text]")).ToHaveTextAsync("0 of 5");
        var revokedId = await pendingRow.GetAttributeAsync("data-invite-id");
        var revokedRow = page.Locator($"[data-test=invite-row][data-invite-id='{revokedId}']");

        // Cancelling leaves the link alone and puts focus back on its Revoke button.
        await pendingRow.Locator("[data-test=revoke-invite]").ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Revoke this link?" });
        await Assertions.Expect(confirm.Locator("[data-test=confirm-revoke]")).ToBeFocusedAsync();
        await confirm.Locator("[data-test=cancel-revoke]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(revokedRow.Locator("[data-test=revoke-invite]")).ToBeFocusedAsync();
        await Assertions.Expect(revokedRow.Locator("[data-test=invite-status]")).ToHaveTextAsync("Pending");

        await revokedRow.Locator("[data-test=revoke-invite]").ClickAsync();
        await Assertions.Expect(confirm.Locator("[data-test=confirm-revoke]")).ToBeFocusedAsync();
        await Assertions
            .Expect(confirm.Locator("[data-test=revoke-confirmation]"))
            .ToHaveTextAsync(
                "The link for up to 5 people (0 of 5 used, joins as Member) stops working at once. "
                    + "People who already joined stay members."
            );
        await Infrastructure.Browser.ScreenshotAsync(page, "invites-confirm-revoke", fullPage: false);
        await confirm.Locator("[data-test=confirm-revoke]").ClickAsync();
        await Assertions.Expect(revokedRow.Locator("[data-test=invite-status]")).ToHaveTextAsync("Revoked");
        await Assertions.Expect(revokedRow.Locator("[data-test=revoke-invite]")).ToHaveCountAsync(0);
        // Focus stays on the page's content (the revoked link's row), not on <body>.
        await Assertions.Expect(revokedRow).ToBeFocusedAsync();
        using (var anonymous = env.App.CreateHttpClient())
        {
            var lookup = await anonymous.GetAsync($"/api/v1/invites/{second}", Ct);
            lookup.StatusCode.ShouldBe(HttpStatusCode.Gone);
            (await lookup.Content.ReadFromJsonAsync<JsonElement>(Ct))
                .GetProperty("code")
                .GetString()
                .ShouldBe("invite_revoked");
        }

        await Infrastructure.Browser.ScreenshotAsync(page, "owner-invites-panel");
        cspViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task OwnerPage_HasNoSeriousAccessibilityViolations_WithTheDialogOpenOrClosed_AndEscapeCloses()
    {
        // BypassCSP only so axe can be injected; the other test runs under the real policy.
        await using var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new BrowserNewContextOptions { BypassCSP = true }
        );
        var page = await context.NewPageAsync();
        await SignUpAndCreateHouseholdAsync(page, "Axe house");
        await Assertions.Expect(page.Locator("[data-test=invites-panel][data-interactive=true]")).ToBeVisibleAsync();
        await CreateInviteThroughDialogAsync(page, uses: "3", role: "Owner");

        (await SeriousViolationsAsync(page)).ShouldBeEmpty();

        await page.Locator("[data-test=create-invite]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        (await SeriousViolationsAsync(page)).ShouldBeEmpty();

        // A validation error shown, then the result view: both checked while open.
        await page.Locator("input[data-test=invite-uses]").FillAsync("0");
        await page.Locator("[data-test=create-invite-submit]").ClickAsync();
        await Assertions
            .Expect(page.Locator("[role=dialog] .mud-input-helper-text.mud-input-error"))
            .ToBeVisibleAsync();
        (await SeriousViolationsAsync(page)).ShouldBeEmpty();
        await page.Locator("input[data-test=invite-uses]").FillAsync("2");
        await page.Locator("[data-test=create-invite-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("textarea[data-test=invite-link]")).ToBeVisibleAsync();
        (await SeriousViolationsAsync(page)).ShouldBeEmpty();

        // Narrow phone width: the dialog and the list must still fit.
        await page.SetViewportSizeAsync(375, 800);
        await Infrastructure.Browser.ScreenshotAsync(page, "create-invite-dialog-375");
        (await OverflowingPanelPartsAsync(page)).ShouldBeEmpty();

        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-test=create-invite]")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("[data-test=invite-row]")).ToHaveCountAsync(2);
        await Infrastructure.Browser.ScreenshotAsync(page, "owner-invites-panel-375");
        (await OverflowingPanelPartsAsync(page)).ShouldBeEmpty();
        (await SeriousViolationsAsync(page)).ShouldBeEmpty();
    }

    [Fact]
    public async Task WhereTheClipboardIsUnavailable_CopySelectsTheLink_AndSaysToPressCtrlC()
    {
        await using var context = await Infrastructure.Browser.NewContextAsync(env.App);
        // As on a plain-http deployment: no clipboard API at all.
        await context.AddInitScriptAsync(
            "Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });"
        );
        var page = await context.NewPageAsync();
        await SignUpAndCreateHouseholdAsync(page, "No clipboard house");
        await Assertions.Expect(page.Locator("[data-test=invites-panel][data-interactive=true]")).ToBeVisibleAsync();
        await page.Locator("[data-test=create-invite]").ClickAsync();
        await page.Locator("[data-test=create-invite-submit]").ClickAsync();
        var linkInput = page.Locator("textarea[data-test=invite-link]");
        await Assertions.Expect(linkInput).ToBeVisibleAsync();

        await page.Locator("[data-test=copy-invite-link]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-test=copy-confirmation]")).ToContainTextAsync("press Ctrl+C");
        await Assertions.Expect(page.Locator("[data-test=copy-confirmation]")).Not.ToContainTextAsync("Copied");
        await Assertions.Expect(linkInput).ToBeFocusedAsync();
        await AssertWholeLinkSelectedAsync(linkInput);
    }

    [Fact]
    public async Task KeyboardOnly_CreatesAndCopiesALink_AndFocusComesBack()
    {
        await using var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new BrowserNewContextOptions { Permissions = ["clipboard-read", "clipboard-write"] }
        );
        var page = await context.NewPageAsync();
        await SignUpAndCreateHouseholdAsync(page, "Keyboard house");
        var create = page.Locator("[data-test=create-invite]");
        await Assertions.Expect(create).ToBeEnabledAsync();

        await TabUntilFocusedAsync(page, create);
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Create an invite link" });
        await Assertions.Expect(page.Locator("input[data-test=invite-expiry-7d]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator("input[data-test=invite-expiry-30d]")).ToBeCheckedAsync();
        await TabUntilFocusedAsync(page, page.Locator("input[data-test=invite-uses]"));
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("3");
        await TabUntilFocusedAsync(page, page.Locator("[data-test=create-invite-submit]"));
        await page.Keyboard.PressAsync("Enter");

        var linkInput = page.Locator("textarea[data-test=invite-link]");
        await Assertions.Expect(linkInput).ToBeFocusedAsync();
        await AssertWholeLinkSelectedAsync(linkInput);
        await Assertions
            .Expect(page.Locator("[data-test=invite-link-summary]"))
            .ToContainTextAsync("Works for 30 days");
        await Assertions
            .Expect(page.Locator("[data-test=invite-link-summary]"))
            .ToContainTextAsync("for up to 3 people");
        var link = await linkInput.InputValueAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("[data-test=copy-invite-link]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-test=copy-confirmation]")).ToHaveTextAsync("Copied");
        (await page.EvaluateAsync<string>("navigator.clipboard.readText()")).ShouldBe(link);

        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(create).ToBeFocusedAsync();
        await Assertions
            .Expect(page.Locator("[data-test=invite-row] [data-test=invite-uses-text]"))
            .ToHaveTextAsync("0 of 3");
    }

    [Fact]
    public async Task TimesAreWrittenInTheViewersOwnTimeZone()
    {
        await using var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new BrowserNewContextOptions { TimezoneId = "Asia/Tokyo" }
        );
        var page = await context.NewPageAsync();
        await SignUpAndCreateHouseholdAsync(page, "Tokyo flat");
        await CreateInviteThroughDialogAsync(page, uses: "1", role: "Member");

        await Assertions.Expect(page.Locator("[data-test=invite-expiry-exact]")).ToContainTextAsync("Asia/Tokyo");
        var iso = await page.Locator("[data-test=invite-expiry-text]").GetAttributeAsync("datetime");
        var tokyo = TimeZoneInfo.ConvertTime(
            DateTimeOffset.Parse(iso!, System.Globalization.CultureInfo.InvariantCulture),
            TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")
        );
        await Assertions
            .Expect(page.Locator("[data-test=invite-expiry-exact]"))
            .ToHaveTextAsync(
                $"({tokyo.ToString("d MMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture)} Asia/Tokyo)"
            );
    }

    /// <summary>Presses Tab until the element has focus (at most 40 times), as a keyboard user would.</summary>
    private static async Task TabUntilFocusedAsync(IPage page, ILocator target)
    {
        for (var presses = 0; presses < 40; presses++)
        {
            if (await target.EvaluateAsync<bool>("e => document.activeElement === e"))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        await Assertions.Expect(target).ToBeFocusedAsync();
    }

    /// <summary>Waits (Playwright polls) until the link input has focus and its whole text is selected, ready for
    /// Ctrl+C.</summary>
    private static async Task AssertWholeLinkSelectedAsync(ILocator linkInput)
    {
        var input = await linkInput.ElementHandleAsync();
        await linkInput.Page.WaitForFunctionAsync(
            "e => document.activeElement === e && e.selectionStart === 0 "
                + "&& e.selectionEnd === e.value.length && e.value.length > 0",
            input
        );
    }

    /// <summary>Elements of the panel or the dialog that stick out past the right edge of the viewport.</summary>
    private static async Task<IReadOnlyList<string>> OverflowingPanelPartsAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        var parts = await page.EvaluateAsync<JsonElement>(
            """
            () => [...document.querySelectorAll("[data-test=invites-panel] *, [role=dialog] *")]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .map(e => e.tagName + " " + (e.getAttribute("data-test") || e.className))
            """
        );
        return parts.EnumerateArray().Select(p => p.GetString()!).ToList();
    }

    private static Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page) => Axe.SeriousViolationsAsync(page);

    /// <summary>Creates a link through the dialog, closes it, and returns the token it showed.</summary>
    private static async Task<string> CreateInviteThroughDialogAsync(IPage page, string uses, string role)
    {
        await page.Locator("[data-test=create-invite]").ClickAsync();
        await page.Locator("input[data-test=invite-uses]").FillAsync(uses);
        await page.GetByRole(AriaRole.Radiogroup, new() { Name = "Joins as" })
            .GetByRole(AriaRole.Radio, new() { Name = role })
            .CheckAsync();
        await page.Locator("[data-test=create-invite-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("textarea[data-test=invite-link]")).ToBeVisibleAsync();
        var link = await page.Locator("textarea[data-test=invite-link]").InputValueAsync();
        await page.Locator("[data-test=close-invite-dialog]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        return link[(link.LastIndexOf('/') + 1)..];
    }

    private static async Task SignUpAndCreateHouseholdAsync(IPage page, string householdName)
    {
        await BrowserFlows.RegisterAsync(page, "owner");
        await BrowserFlows.CreateHouseholdAsync(page, householdName);
        await Assertions.Expect(page.Locator("h1[data-test=household-name]")).ToHaveTextAsync(householdName);
    }
}
