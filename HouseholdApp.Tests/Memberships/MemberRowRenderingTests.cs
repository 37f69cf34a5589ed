using System.Text.RegularExpressions;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HouseholdApp.Tests.Memberships;

public sealed partial class MemberRowRenderingTests
{
    private static readonly MemberInfo Ana = new("ana-id", "ana@example.org", HouseholdRole.Member, new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
    private static readonly MemberInfo Olga = new("olga-id", "olga@example.org", HouseholdRole.Owner, new DateTimeOffset(2026, 1, 2, 10, 0, 0, TimeSpan.Zero));

    private static async Task<string> RenderAsync(MemberInfo member, Dictionary<string, object?>? flags = null)
    {
        var parameters = new Dictionary<string, object?>(flags ?? []) { [nameof(MemberRow.Member)] = member };
        await using var services = new ServiceCollection().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<MemberRow>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }

    private static string[] ActionsIn(string html) =>
        [.. DataTest().Matches(html).Select(m => m.Groups[1].Value)
            .Where(t => t is "make-owner" or "make-member" or "transfer-ownership" or "remove-member" or "confirm-remove" or "confirm-transfer")];

    [GeneratedRegex("<button[^>]*data-test=\"([^\"]+)\"")]
    private static partial Regex DataTest();

    [Fact]
    public async Task AMemberWhoJoinedThroughALink_ShowsWhoseLinkItWas()
    {
        var html = await RenderAsync(Ana with { InvitedBy = "olga@example.org" });

        html.ShouldContain("through a link from <span data-test=\"member-invited-by\">olga@example.org</span>");
        (await RenderAsync(Olga)).ShouldNotContain("through a link");
    }

    [Fact]
    public async Task OwnerViewingAMember_IsOfferedMakeOwnerTransferAndRemove()
    {
        var html = await RenderAsync(Ana, new() { ["CanMakeOwner"] = true, ["CanTransfer"] = true, ["CanRemove"] = true });

        ActionsIn(html).ShouldBe(["make-owner", "transfer-ownership", "remove-member"]);
        html.ShouldContain("ana@example.org");
        html.ShouldContain("Joined 4 Mar 2026");
        html.ShouldNotContain("last-owner-hint");
    }

    [Fact]
    public async Task OwnerViewingAnotherOwner_IsOfferedMakeMemberAndRemove()
    {
        var html = await RenderAsync(Olga, new() { ["CanMakeMember"] = true, ["CanRemove"] = true });

        ActionsIn(html).ShouldBe(["make-member", "remove-member"]);
        html.ShouldContain(">Make member<");
    }

    [Fact]
    public async Task MemberViewer_SeesNoActions()
    {
        var html = await RenderAsync(Olga);

        ActionsIn(html).ShouldBeEmpty();
        html.ShouldNotContain("<button");
        html.ShouldContain("data-role=\"Owner\"");
    }

    [Fact]
    public async Task LastOwnerViewingThemselves_SeesWhyTheyCannotStepDown_AndNoButtons()
    {
        var html = await RenderAsync(Olga, new() { ["IsSelf"] = true, ["IsLastOwner"] = true });

        ActionsIn(html).ShouldBeEmpty();
        html.ShouldContain("data-test=\"last-owner-hint\"");
        html.ShouldContain("Make someone else an owner first.");
        html.ShouldContain("(you)");
    }

    [Fact]
    public async Task OneOfSeveralOwnersViewingThemselves_MayBecomeAMember()
    {
        var html = await RenderAsync(Olga, new() { ["IsSelf"] = true, ["CanMakeMember"] = true });

        ActionsIn(html).ShouldBe(["make-member"]);
        html.ShouldContain("Become a member");
        html.ShouldNotContain("last-owner-hint");
    }

    [Fact]
    public async Task PendingRemoval_AsksForConfirmation_InsteadOfShowingTheActions()
    {
        var html = await RenderAsync(Ana, new() { ["CanMakeOwner"] = true, ["CanRemove"] = true, ["Pending"] = MemberAction.Remove });

        ActionsIn(html).ShouldBe(["confirm-remove"]);
        html.ShouldContain("Remove <strong>ana@example.org</strong> from this household?");
    }

    [Fact]
    public async Task PendingTransfer_AsksForConfirmation()
    {
        var html = await RenderAsync(Ana, new() { ["CanTransfer"] = true, ["Pending"] = MemberAction.Transfer });

        ActionsIn(html).ShouldBe(["confirm-transfer"]);
        html.ShouldContain("become a member yourself");
    }

    [Fact]
    public async Task Disabled_RendersInertButtons()
    {
        var html = await RenderAsync(Ana, new() { ["CanRemove"] = true, ["Disabled"] = true });

        Regex.Match(html, "<button[^>]*remove-member[^>]*>").Value.ShouldContain("disabled");
    }
}
