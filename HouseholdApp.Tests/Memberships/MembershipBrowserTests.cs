using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Memberships;

public sealed class MembershipBrowserTests(TestEnvironment env)
{
    /// <summary>Signs in through the login form and opens the household page once its buttons work.</summary>
    internal static async Task<IPage> OpenHouseholdAsAsync(IBrowserContext context, TestUser user, Guid household)
    {
        var page = await context.NewPageAsync();
        await BrowserFlows.SignInAsync(page, user.Email, $"/households/{household}");
        await Assertions
            .Expect(page.Locator("[data-test=household-page]"))
            .ToHaveAttributeAsync("data-interactive", "true");
        return page;
    }

    /// <summary>How the page names a person: by display name, which defaults to the part of the address before
    /// '@'.</summary>
    private static string ShownName(TestUser user) => user.Email[..user.Email.IndexOf('@', StringComparison.Ordinal)];

    private static ILocator RowOf(IPage page, string userId) =>
        page.Locator($"[data-test=member-row][data-user-id='{userId}']");

    private static ILocator Dialog(IPage page, string title) => page.GetByRole(AriaRole.Dialog, new() { Name = title });

    /// <summary>MudBlazor's snackbar, where brief confirmations appear.</summary>
    private static ILocator Snackbar(IPage page) => page.Locator(".mud-snackbar");

    [Fact]
    public async Task Owner_MakesAMemberAnOwner_ThenRemovesThem()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var flatmate = await env.App.CreateUserAsync("flatmate", withPassword: true);
        var household = await env.App.CreateHouseholdAsync(
            "Maple Street flat",
            (owner.UserId, HouseholdRole.Owner),
            (flatmate.UserId, HouseholdRole.Member)
        );
        await using var context = await Infrastructure.Browser.NewContextAsync(env.App);
        var page = await OpenHouseholdAsAsync(context, owner, household);

        await Assertions.Expect(page.Locator("[data-test=member-row]")).ToHaveCountAsync(2);
        await Assertions.Expect(RowOf(page, owner.UserId).Locator("[data-test=last-owner-hint]")).ToBeVisibleAsync();
        await Assertions
            .Expect(page.Locator("[data-test=leave-blocked]"))
            .ToContainTextAsync("Make someone else an owner first");
        await Infrastructure.Browser.ScreenshotAsync(page, "household-members-owner-alone");

        // "Make owner" asks first; cancelling changes nothing and puts focus back on the button.
        await RowOf(page, flatmate.UserId).Locator("[data-test=make-owner]").ClickAsync();
        var makeOwner = Dialog(page, "Make owner?");
        await Assertions
            .Expect(makeOwner.Locator("[data-test=make-owner-confirmation]"))
            .ToContainTextAsync(ShownName(flatmate));
        await Assertions.Expect(makeOwner.Locator("[data-test=confirm-make-owner]")).ToBeFocusedAsync();
        await makeOwner.Locator("[data-test=cancel-make-owner]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(RowOf(page, flatmate.UserId).Locator("[data-test=make-owner]")).ToBeFocusedAsync();
        (await env.App.OwnerCountAsync(household)).ShouldBe(1);

        await RowOf(page, flatmate.UserId).Locator("[data-test=make-owner]").ClickAsync();
        await makeOwner.Locator("[data-test=confirm-make-owner]").ClickAsync();

        await Assertions.Expect(RowOf(page, flatmate.UserId)).ToHaveAttributeAsync("data-role", "Owner");
        await Assertions
            .Expect(RowOf(page, flatmate.UserId).Locator("[data-test=role-badge]"))
            .ToHaveTextAsync("Owner");
        await Assertions.Expect(Snackbar(page)).ToContainTextAsync($"{ShownName(flatmate)} is now an owner");
        await Assertions.Expect(RowOf(page, flatmate.UserId)).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("[data-test=last-owner-hint]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-test=leave-household]")).ToBeEnabledAsync();
        (await env.App.OwnerCountAsync(household)).ShouldBe(2);
        await Infrastructure.Browser.ScreenshotAsync(page, "household-members");

        await RowOf(page, flatmate.UserId).Locator("[data-test=remove-member]").ClickAsync();
        var remove = Dialog(page, "Remove member?");
        await Assertions
            .Expect(remove.Locator("[data-test=remove-confirmation]"))
            .ToContainTextAsync(ShownName(flatmate));
        await Infrastructure.Browser.ScreenshotAsync(page, "household-members-confirm-remove");
        await remove.Locator("[data-test=confirm-remove]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-test=member-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(RowOf(page, flatmate.UserId)).ToHaveCountAsync(0);
        // The row that had focus is gone: focus goes to the members' heading, not to <body>.
        await Assertions.Expect(page.Locator("#members-heading")).ToBeFocusedAsync();
        (await env.App.MembersAsync(household)).ShouldBe([$"{owner.UserId}:Owner"]);
    }

    [Fact]
    public async Task Member_LeavesAfterConfirming_AndLandsOnTheirHouseholds()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var member = await env.App.CreateUserAsync("leaver", withPassword: true);
        var household = await env.App.CreateHouseholdAsync(
            "Short stay",
            (owner.UserId, HouseholdRole.Owner),
            (member.UserId, HouseholdRole.Member)
        );
        await using var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new()
            {
                ViewportSize = new() { Width = 375, Height = 800 },
            }
        );
        var page = await OpenHouseholdAsAsync(context, member, household);

        await Assertions
            .Expect(page.Locator("[data-test=make-owner], [data-test=remove-member], [data-test=make-member]"))
            .ToHaveCountAsync(0);
        await Infrastructure.Browser.ScreenshotAsync(page, "household-members-member-view-375");
        await page.Locator("[data-test=leave-household]").ClickAsync();
        var leave = Dialog(page, "Leave household?");
        await Assertions.Expect(leave.Locator("[data-test=leave-confirmation]")).ToContainTextAsync("Short stay");
        await leave.Locator("[data-test=cancel-leave]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-test=leave-household]")).ToBeFocusedAsync();
        (await env.App.MembersAsync(household)).Count.ShouldBe(2);

        await page.Locator("[data-test=leave-household]").ClickAsync();
        await Assertions.Expect(leave.Locator("[data-test=confirm-leave]")).ToBeFocusedAsync();
        await leave.Locator("[data-test=confirm-leave]").ClickAsync();

        await BrowserFlows.WaitForAddressAsync(page, "**/households?left=*");
        await Assertions.Expect(page.Locator("[data-test=left-household]")).ToHaveTextAsync("You left Short stay.");
        await Assertions.Expect(page.Locator("[data-test=household-link]")).ToHaveCountAsync(0);
        (await env.App.MembersAsync(household)).ShouldBe([$"{owner.UserId}:Owner"]);
    }

    [Fact]
    public async Task OpenPage_ShowsANewMember_WithoutReload()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var household = await env.App.CreateHouseholdAsync("Live", (owner.UserId, HouseholdRole.Owner));
        await using var context = await Infrastructure.Browser.NewContextAsync(env.App);
        var page = await OpenHouseholdAsAsync(context, owner, household);
        await Assertions.Expect(page.Locator("[data-test=member-row]")).ToHaveCountAsync(1);
        var navigations = 0;
        page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

        var newcomer = (await env.App.CreateUserAsync("newcomer")).UserId;
        await env.App.AddMemberAsync(household, newcomer, HouseholdRole.Member);
        env.App.Services.GetRequiredService<HouseholdEvents>().Publish(household);

        await Assertions.Expect(RowOf(page, newcomer)).ToBeVisibleAsync(new() { Timeout = Eventually.TimeoutMs });
        await Assertions.Expect(page.Locator("[data-test=member-row]")).ToHaveCountAsync(2);
        navigations.ShouldBe(0);
    }

    [Fact]
    public async Task RemovedMember_WithThePageOpen_IsToldTheyNoLongerBelong()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var member = await env.App.CreateUserAsync("removed", withPassword: true);
        var household = await env.App.CreateHouseholdAsync(
            "Strict house",
            (owner.UserId, HouseholdRole.Owner),
            (member.UserId, HouseholdRole.Member)
        );
        await using var context = await Infrastructure.Browser.NewContextAsync(env.App);
        var page = await OpenHouseholdAsAsync(context, member, household);

        using (var scope = env.App.Services.CreateScope())
        {
            var result = await scope
                .ServiceProvider.GetRequiredService<MembershipService>()
                .RemoveMemberAsync(owner.UserId, household, member.UserId, TestContext.Current.CancellationToken);
            result.IsSuccess.ShouldBeTrue();
        }

        await Assertions
            .Expect(page.Locator("[data-test=no-longer-member]"))
            .ToBeVisibleAsync(new() { Timeout = Eventually.TimeoutMs });
        await Assertions.Expect(page.Locator("[data-test=member-row]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Owner_OnAPhone_TransfersOwnership_AfterConfirming_AndBecomesAMember()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var heir = await env.App.CreateUserAsync("heir", withPassword: true);
        var household = await env.App.CreateHouseholdAsync(
            "Handover house",
            (owner.UserId, HouseholdRole.Owner),
            (heir.UserId, HouseholdRole.Member)
        );
        await using var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new()
            {
                ViewportSize = new() { Width = 375, Height = 800 },
            }
        );
        var page = await OpenHouseholdAsAsync(context, owner, household);

        await Infrastructure.Browser.ScreenshotAsync(page, "household-members-owner-375");
        await RowOf(page, heir.UserId).Locator("[data-test=transfer-ownership]").ClickAsync();
        var transfer = Dialog(page, "Transfer ownership?");
        await Assertions
            .Expect(transfer.Locator("[data-test=transfer-confirmation]"))
            .ToContainTextAsync(ShownName(heir));
        (await env.App.OwnerCountAsync(household)).ShouldBe(1);
        await Infrastructure.Browser.ScreenshotAsync(page, "household-members-confirm-transfer-375");
        (await OverflowingAsync(page)).ShouldBeEmpty();
        await transfer.Locator("[data-test=confirm-transfer]").ClickAsync();

        await Assertions.Expect(RowOf(page, heir.UserId)).ToHaveAttributeAsync("data-role", "Owner");
        await Assertions.Expect(RowOf(page, owner.UserId)).ToHaveAttributeAsync("data-role", "Member");
        // The buttons that had focus are gone: focus goes to the new owner's row, not to <body>.
        await Assertions.Expect(RowOf(page, heir.UserId)).ToBeFocusedAsync();
        await Assertions
            .Expect(Snackbar(page))
            .ToContainTextAsync($"{ShownName(heir)} is now an owner, and you are a member.");
        await Assertions
            .Expect(page.Locator("[data-test=make-owner], [data-test=remove-member], [data-test=make-member]"))
            .ToHaveCountAsync(0);
        (await env.App.MembersAsync(household)).ShouldBe(
            new[] { $"{owner.UserId}:Member", $"{heir.UserId}:Owner" }.Order(StringComparer.Ordinal).ToList()
        );
    }

    [Fact]
    public async Task RefusedChange_IsExplainedOnThePage_AndChangesNothing()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var coOwner = await env.App.CreateUserAsync("coowner", withPassword: true);
        var member = await env.App.CreateUserAsync("member", withPassword: true);
        var household = await env.App.CreateHouseholdAsync(
            "Changing house",
            (owner.UserId, HouseholdRole.Owner),
            (coOwner.UserId, HouseholdRole.Owner),
            (member.UserId, HouseholdRole.Member)
        );
        await using var context = await Infrastructure.Browser.NewContextAsync(env.App);
        var page = await OpenHouseholdAsAsync(context, owner, household);

        // Demoted behind the page's back (no change notification), so the page still offers owner actions.
        await using (var db = env.App.CreateDbContext())
        {
            await db
                .Memberships.Where(m => m.HouseholdId == household && m.UserId == owner.UserId)
                .ExecuteUpdateAsync(
                    u => u.SetProperty(m => m.Role, HouseholdRole.Member),
                    TestContext.Current.CancellationToken
                );
        }

        await RowOf(page, member.UserId).Locator("[data-test=make-owner]").ClickAsync();
        await Dialog(page, "Make owner?").Locator("[data-test=confirm-make-owner]").ClickAsync();

        var error = page.Locator("[data-test=member-error]");
        await Assertions.Expect(error).ToContainTextAsync("Only the household's owners can do this.");
        await Assertions.Expect(error).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("[data-test=make-owner]")).ToHaveCountAsync(0);
        (await env.App.MembersAsync(household)).ShouldContain($"{member.UserId}:Member");
        await Infrastructure.Browser.ScreenshotAsync(page, "household-members-error");

        // Once the household changes, the alert about how it was is stale and goes.
        var newcomer = (await env.App.CreateUserAsync("newcomer")).UserId;
        await env.App.AddMemberAsync(household, newcomer, HouseholdRole.Member);
        env.App.Services.GetRequiredService<HouseholdEvents>().Publish(household);
        await Assertions.Expect(RowOf(page, newcomer)).ToBeVisibleAsync();
        await Assertions.Expect(error).ToHaveCountAsync(0);
    }

    /// <summary>Elements that stick out past the right edge of the viewport, once the dialog's opening animation is
    /// over.</summary>
    private static async Task<IReadOnlyList<string>> OverflowingAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        return await page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll("main *, [role=dialog] *")]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .map(e => e.tagName + " " + (e.getAttribute("data-test") || e.className))
            """
        );
    }
}
