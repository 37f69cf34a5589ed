using Bunit;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Components;

namespace HouseholdApp.Tests.Memberships;

/// <summary>A member's row, the role chip and the leave panel, rendered with bUnit and MudBlazor.</summary>
public sealed class MemberComponentTests
{
    private static readonly MemberInfo Ana = new(
        "ana-id",
        "ana@example.org",
        HouseholdRole.Member,
        new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero)
    );
    private static readonly MemberInfo Olga = new(
        "olga-id",
        "olga@example.org",
        HouseholdRole.Owner,
        new DateTimeOffset(2026, 1, 2, 10, 0, 0, TimeSpan.Zero)
    );

    private static readonly string[] ActionIds = ["make-owner", "make-member", "transfer-ownership", "remove-member"];

    [Fact]
    public async Task AMemberWhoJoinedThroughALink_ShowsWhoseLinkItWas()
    {
        await using var ctx = ComponentTestContext.Create();

        var ana = Render(ctx, Ana with { InvitedBy = "olga@example.org" });
        var olga = Render(ctx, Olga);

        ana.Find("[data-test=member-joined]").Text().ShouldBe("Joined 4 Mar 2026 through a link from olga@example.org");
        ana.Find("[data-test=member-invited-by]").Text().ShouldBe("olga@example.org");
        olga.Find("[data-test=member-joined]").Text().ShouldNotContain("through a link");
    }

    [Fact]
    public async Task JoinDate_IsTheViewersOwnDate()
    {
        await using var ctx = ComponentTestContext.Create();
        var lateEvening = Ana with { JoinedAt = new DateTimeOffset(2026, 3, 4, 23, 30, 0, TimeSpan.Zero) };

        var row = Render(ctx, lateEvening, zone: TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));

        row.Find("[data-test=member-joined]").Text().ShouldStartWith("Joined 5 Mar 2026");
        row.Find("[data-test=member-joined] time").GetAttribute("title").ShouldBe("5 Mar 2026, 08:30 Asia/Tokyo");
    }

    [Fact]
    public async Task OwnerViewingAMember_IsOfferedMakeOwnerTransferAndRemove_EachReportingItsOwnRequest()
    {
        await using var ctx = ComponentTestContext.Create();
        var asked = new List<string>();

        var row = Render(ctx, Ana, p =>
            p.Add(c => c.CanMakeOwner, true)
                .Add(c => c.CanTransfer, true)
                .Add(c => c.CanRemove, true)
                .Add(c => c.OnMakeOwner, () => asked.Add("make-owner"))
                .Add(c => c.OnTransfer, () => asked.Add("transfer"))
                .Add(c => c.OnRemove, () => asked.Add("remove"))
                .Add(c => c.OnMakeMember, () => asked.Add("make-member"))
        );

        Actions(row).ShouldBe(["make-owner", "transfer-ownership", "remove-member"]);
        row.Find("[data-test=member-email]").Text().ShouldBe("ana@example.org");
        row.Find("[data-test=role-badge]").Text().ShouldBe("Member");
        row.FindAll("[data-test=last-owner-hint]").ShouldBeEmpty();
        row.Find("[data-test=make-owner]").Click();
        row.Find("[data-test=transfer-ownership]").Click();
        row.Find("[data-test=remove-member]").Click();
        asked.ShouldBe(["make-owner", "transfer", "remove"]);
    }

    [Fact]
    public async Task OwnerViewingAnotherOwner_IsOfferedMakeMemberAndRemove()
    {
        await using var ctx = ComponentTestContext.Create();
        var madeMember = false;

        var row = Render(ctx, Olga, p =>
            p.Add(c => c.CanMakeMember, true)
                .Add(c => c.CanRemove, true)
                .Add(c => c.OnMakeMember, () => madeMember = true)
        );

        Actions(row).ShouldBe(["make-member", "remove-member"]);
        row.Find("[data-test=make-member]").Text().ShouldBe("Make member");
        row.Find("[data-test=make-member]").Click();
        madeMember.ShouldBeTrue();
    }

    [Fact]
    public async Task MemberViewer_SeesNoActions_AndTheOwnersChip()
    {
        await using var ctx = ComponentTestContext.Create();

        var row = Render(ctx, Olga);

        row.FindAll("button").ShouldBeEmpty();
        row.Find("[data-test=member-row]").GetAttribute("data-role").ShouldBe("Owner");
        row.Find("[data-test=role-badge]").Text().ShouldBe("Owner");
    }

    [Fact]
    public async Task LastOwnerViewingThemselves_SeesWhyTheyCannotStepDown_AndNoButtons()
    {
        await using var ctx = ComponentTestContext.Create();

        var row = Render(ctx, Olga, p => p.Add(c => c.IsSelf, true).Add(c => c.IsLastOwner, true));

        Actions(row).ShouldBeEmpty();
        row.Find("[data-test=last-owner-hint]").Text().ShouldContain("Make someone else an owner first.");
        row.Find("[data-test=member-self]").Text().ShouldBe("(you)");
    }

    [Fact]
    public async Task OneOfSeveralOwnersViewingThemselves_MayBecomeAMember()
    {
        await using var ctx = ComponentTestContext.Create();

        var row = Render(ctx, Olga, p => p.Add(c => c.IsSelf, true).Add(c => c.CanMakeMember, true));

        Actions(row).ShouldBe(["make-member"]);
        row.Find("[data-test=make-member]").Text().ShouldBe("Become a member");
        row.FindAll("[data-test=last-owner-hint]").ShouldBeEmpty();
    }

    [Fact]
    public async Task Disabled_RendersInertButtons_ThatReportNothing()
    {
        await using var ctx = ComponentTestContext.Create();
        var removed = false;

        var row = Render(ctx, Ana, p =>
            p.Add(c => c.CanRemove, true).Add(c => c.Disabled, true).Add(c => c.OnRemove, () => removed = true)
        );

        row.Find("[data-test=remove-member]").HasAttribute("disabled").ShouldBeTrue();
        removed.ShouldBeFalse();
    }

    [Theory]
    [InlineData(HouseholdRole.Owner, "Owner")]
    [InlineData(HouseholdRole.Member, "Member")]
    public async Task RoleChip_SaysTheRole_AndOwnersLookDifferent(HouseholdRole role, string text)
    {
        await using var ctx = ComponentTestContext.Create();

        var chip = ctx.Render<RoleBadge>(p => p.Add(c => c.Role, role)).Find("[data-test=role-badge]");

        chip.Text().ShouldBe(text);
        chip.ClassList.ShouldContain(role == HouseholdRole.Owner ? "mud-chip-color-primary" : "mud-chip-color-default");
    }

    [Fact]
    public async Task LeavePanel_AsksThePageToConfirm()
    {
        await using var ctx = ComponentTestContext.Create();
        var requested = 0;

        var panel = ctx.Render<LeaveHouseholdPanel>(p =>
            p.Add(c => c.HouseholdName, "Maple flat").Add(c => c.OnRequest, () => requested++)
        );

        panel.Find("[data-test=leave-panel]").Text().ShouldContain("You will no longer see Maple flat or its members.");
        panel.Find("[data-test=leave-household]").Click();
        requested.ShouldBe(1);
    }

    [Fact]
    public async Task LeavePanel_ForTheLastOwner_SaysWhy_AndCannotBeUsed()
    {
        await using var ctx = ComponentTestContext.Create();
        var requested = 0;

        var panel = ctx.Render<LeaveHouseholdPanel>(p =>
            p.Add(c => c.HouseholdName, "Maple flat")
                .Add(c => c.BlockedReason, "You are the only owner, so you can't leave.")
                .Add(c => c.OnRequest, () => requested++)
        );

        panel.Find("[data-test=leave-blocked]").Text().ShouldBe("You are the only owner, so you can't leave.");
        panel.Find("[data-test=leave-household]").HasAttribute("disabled").ShouldBeTrue();
        requested.ShouldBe(0);
    }

    [Fact]
    public async Task LeavePanel_ForTheSoleOwner_PointsToTheSettings_WithoutASecondDeleteButton()
    {
        await using var ctx = ComponentTestContext.Create();

        var panel = ctx.Render<LeaveHouseholdPanel>(p =>
            p.Add(c => c.HouseholdName, "Maple flat")
                .Add(
                    c => c.BlockedReason,
                    "You are the only member and owner, so you can't leave. Delete it under Household settings."
                )
        );

        panel.Find("[data-test=leave-household]").HasAttribute("disabled").ShouldBeTrue();
        panel
            .FindAll("button")
            .Where(b => b.TextContent.Contains("Delete", StringComparison.OrdinalIgnoreCase))
            .ShouldBeEmpty();
        panel.Find("[data-test=leave-blocked]").TextContent.ShouldContain("Household settings");
    }

    [Fact]
    public async Task MemberRow_ButtonsNameThePersonOfTheirRow()
    {
        await using var ctx = ComponentTestContext.Create();

        var row = Render(ctx, Ana with { DisplayName = "Ana Lima" }, p =>
            p.Add(c => c.CanMakeOwner, true).Add(c => c.CanTransfer, true).Add(c => c.CanRemove, true)
        );

        row.Find("[data-test=remove-member]").GetAttribute("aria-label").ShouldBe("Remove Ana Lima");
        row.Find("[data-test=make-owner]").GetAttribute("aria-label").ShouldBe("Make owner: Ana Lima");
        row.Find("[data-test=transfer-ownership]")
            .GetAttribute("aria-label")
            .ShouldBe("Transfer ownership to Ana Lima");
    }

    [Fact]
    public async Task MemberRow_ShowsTheDisplayName_WithTheEmailBeneath()
    {
        await using var ctx = ComponentTestContext.Create();

        var row = Render(ctx, Ana with { DisplayName = "Ana Lima", InvitedBy = "Olga" });
        var unnamed = Render(ctx, Olga);

        row.Find("[data-test=member-name]").Text().ShouldBe("Ana Lima");
        row.Find("[data-test=member-email]").Text().ShouldBe("ana@example.org");
        row.Find("[data-test=member-invited-by]").Text().ShouldBe("Olga");
        unnamed.Find("[data-test=member-name]").Text().ShouldBe("olga@example.org");
    }

    [Fact]
    public async Task SettingsPanel_AsksForRenameAndDelete()
    {
        await using var ctx = ComponentTestContext.Create();
        var asked = new List<string>();

        var panel = ctx.Render<HouseholdSettingsPanel>(p =>
            p.Add(c => c.OnRename, () => asked.Add("rename")).Add(c => c.OnDelete, () => asked.Add("delete"))
        );

        panel.Find("#settings-heading").Text().ShouldBe("Household settings");
        panel.Find("[data-test=rename-household]").Click();
        panel.Find("[data-test=delete-household]").Click();
        asked.ShouldBe(["rename", "delete"]);
        ctx.Render<HouseholdSettingsPanel>(p => p.Add(c => c.Disabled, true))
            .Find("[data-test=delete-household]")
            .HasAttribute("disabled")
            .ShouldBeTrue();
    }

    private static IRenderedComponent<MemberRow> Render(
        BunitContext ctx,
        MemberInfo member,
        Action<ComponentParameterCollectionBuilder<MemberRow>>? more = null,
        TimeZoneInfo? zone = null
    ) =>
        ctx.Render<MemberRow>(p =>
        {
            p.Add(c => c.Member, member).AddCascadingValue(zone ?? TimeZoneInfo.Utc);
            more?.Invoke(p);
        });

    private static string[] Actions(IRenderedComponent<MemberRow> row) =>
        [.. row.FindAll("button[data-test]").Select(b => b.GetAttribute("data-test")!).Where(ActionIds.Contains)];
}
