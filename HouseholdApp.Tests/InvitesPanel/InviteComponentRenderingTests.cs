using System.Net;
using System.Text.RegularExpressions;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HouseholdApp.Tests.InvitesPanel;

/// <summary>The panel's presentational components rendered to HTML with the framework's own HtmlRenderer.</summary>
public sealed partial class InviteComponentRenderingTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(InviteStatus.Pending, "pending", "Pending")]
    [InlineData(InviteStatus.UsedUp, "used_up", "Used up")]
    [InlineData(InviteStatus.Expired, "expired", "Expired")]
    [InlineData(InviteStatus.Revoked, "revoked", "Revoked")]
    public async Task StatusBadge_SaysTheStateInWords(InviteStatus status, string wireName, string label)
    {
        var html = await RenderAsync<InviteStatusBadge>(new() { [nameof(InviteStatusBadge.Status)] = status });

        TextOf(html, "invite-status").ShouldBe(label);
        html.ShouldContain($"data-status=\"{wireName}\"");
    }

    [Fact]
    public async Task StatusBadges_LookDifferentForEachState()
    {
        var classes = new HashSet<string>();
        foreach (var status in Enum.GetValues<InviteStatus>())
        {
            var html = await RenderAsync<InviteStatusBadge>(new() { [nameof(InviteStatusBadge.Status)] = status });
            classes.Add(BadgeClass().Match(html).Groups[1].Value);
        }

        classes.Count.ShouldBe(Enum.GetValues<InviteStatus>().Length);
    }

    [Fact]
    public async Task Row_OfAUsedUpSingleUseLink_SaysOneOfOne_AndNamesWhoJoinedAndWhen()
    {
        var invite = Summary(InviteStatus.UsedUp, useCount: 1, maxUses: 1,
            redemptions: [new InviteRedemptionInfo("u1", "sam@example.org", Now.AddHours(-3))]);

        var html = await RenderRowAsync(invite);

        TextOf(html, "invite-uses-text").ShouldBe("1 of 1");
        TextOf(html, "invite-status").ShouldBe("Used up");
        TextOf(html, "invite-joiner-email").ShouldBe("sam@example.org");
        TextOf(html, "invite-joiner").ShouldContain("joined 3 hours ago");
        TextOf(html, "invite-created-by").ShouldBe("owner@example.org");
        html.ShouldNotContain("data-test=\"revoke-invite\"");
    }

    [Fact]
    public async Task Row_OfAPendingLink_OffersRevoke_AndSaysWhenItExpires()
    {
        var invite = Summary(InviteStatus.Pending, useCount: 1, maxUses: 5, expiresAt: Now.AddDays(6).AddHours(1),
            redemptions: [new InviteRedemptionInfo("u1", "kim@example.org", Now.AddMinutes(-5))]);

        var html = await RenderRowAsync(invite);

        TextOf(html, "invite-uses-text").ShouldBe("1 of 5");
        TextOf(html, "invite-expiry-text").ShouldBe("Expires in 6 days");
        TextOf(html, "revoke-invite").ShouldBe("Revoke");
        html.ShouldNotContain("data-test=\"confirm-revoke\"");
        TextOf(html, "invite-joiner").ShouldContain("joined 5 minutes ago");
    }

    [Theory]
    [InlineData(InviteStatus.UsedUp)]
    [InlineData(InviteStatus.Expired)]
    [InlineData(InviteStatus.Revoked)]
    public async Task Row_OfALinkThatNoLongerWorks_OffersNoRevoke(InviteStatus status)
    {
        var html = await RenderRowAsync(Summary(status, useCount: status == InviteStatus.UsedUp ? 1 : 0, maxUses: 1,
            expiresAt: status == InviteStatus.Expired ? Now.AddHours(-2) : Now.AddDays(1),
            revokedAt: status == InviteStatus.Revoked ? Now.AddMinutes(-30) : null));

        html.ShouldNotContain("data-test=\"revoke-invite\"");
        html.ShouldContain("data-test=\"invite-row\"");
    }

    [Fact]
    public async Task Row_OfAnExpiredLink_SaysHowLongAgo_AndARevokedOneWhenItWasRevoked()
    {
        var expired = await RenderRowAsync(Summary(InviteStatus.Expired, 0, 1, expiresAt: Now.AddHours(-2)));
        var revoked = await RenderRowAsync(Summary(InviteStatus.Revoked, 0, 1, revokedAt: Now.AddMinutes(-30)));

        TextOf(expired, "invite-expiry-text").ShouldBe("Expired 2 hours ago");
        TextOf(revoked, "invite-expiry-text").ShouldBe("Revoked 30 minutes ago");
    }

    [Fact]
    public async Task Row_WithoutJoiners_ShowsNoJoinersList()
    {
        var html = await RenderRowAsync(Summary(InviteStatus.Pending, 0, 3));

        TextOf(html, "invite-uses-text").ShouldBe("0 of 3");
        html.ShouldNotContain("data-test=\"invite-joiners\"");
    }

    [Theory]
    [InlineData(7 * 24 * 60 - 1, "7 days")]
    [InlineData(60, "1 hour")]
    [InlineData(95, "2 hours")]
    [InlineData(23 * 60 + 40, "1 day")]
    [InlineData(30 * 24 * 60, "30 days")]
    [InlineData(5, "5 minutes")]
    public void Duration_RoundsToTheNearestWholeUnit(int minutes, string expected) =>
        InviteDisplay.Duration(TimeSpan.FromMinutes(minutes) - TimeSpan.FromSeconds(1)).ShouldBe(expected);

    private static Task<string> RenderRowAsync(InviteSummary invite) =>
        RenderAsync<InviteRow>(new() { [nameof(InviteRow.Invite)] = invite, [nameof(InviteRow.Now)] = Now });

    private static InviteSummary Summary(
        InviteStatus status, int useCount, int maxUses, DateTimeOffset? expiresAt = null, DateTimeOffset? revokedAt = null,
        IReadOnlyList<InviteRedemptionInfo>? redemptions = null) =>
        new(Guid.NewGuid(), status, HouseholdRole.Member, maxUses, useCount, Now.AddDays(-1), expiresAt ?? Now.AddDays(6),
            "owner@example.org", revokedAt, redemptions ?? []);

    private static async Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        await using var _ = services;
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }

    /// <summary>The text of the first element carrying data-test="<paramref name="testId"/>", tags stripped, whitespace collapsed.</summary>
    private static string TextOf(string html, string testId)
    {
        var start = html.IndexOf($"data-test=\"{testId}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"no element with data-test={testId} in {html}");
        var openEnd = html.IndexOf('>', start) + 1;
        var tagStart = html.LastIndexOf('<', start);
        var tagName = TagName().Match(html, tagStart).Groups[1].Value;

        // Walk to the matching close tag, counting nested elements of the same name.
        var depth = 1;
        var position = openEnd;
        while (depth > 0)
        {
            var nextOpen = html.IndexOf("<" + tagName, position, StringComparison.Ordinal);
            var nextClose = html.IndexOf("</" + tagName + ">", position, StringComparison.Ordinal);
            nextClose.ShouldBeGreaterThan(0, $"unclosed <{tagName}>");
            if (nextOpen >= 0 && nextOpen < nextClose)
            {
                depth++;
                position = nextOpen + 1;
            }
            else
            {
                depth--;
                position = nextClose + 1;
                if (depth == 0)
                {
                    var inner = html[openEnd..nextClose];
                    return Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(inner, " ")), " ").Trim();
                }
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    [GeneratedRegex(@"<([a-zA-Z0-9]+)")]
    private static partial Regex TagName();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"class=""badge rounded-pill ([^ ""]+)")]
    private static partial Regex BadgeClass();
}
