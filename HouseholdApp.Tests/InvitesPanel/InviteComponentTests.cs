using Bunit;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Components;
using HouseholdApp.Tests.Invites;
using TextsInTests = HouseholdApp.Tests.Infrastructure.TextsInTests;

namespace HouseholdApp.Tests.InvitesPanel;

/// <summary>The invites panel's presentational pieces, rendered with bUnit and MudBlazor: what an owner reads and
/// clicks.</summary>
public sealed class InviteComponentTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static readonly InviteState[] ListStates =
    [
        InviteState.Valid,
        InviteState.Used,
        InviteState.Expired,
        InviteState.Revoked,
    ];

    [Theory]
    [InlineData(InviteState.Valid, "pending", "Pending")]
    [InlineData(InviteState.Used, "used_up", "Used up")]
    [InlineData(InviteState.Expired, "expired", "Expired")]
    [InlineData(InviteState.Revoked, "revoked", "Revoked")]
    public async Task StatusChip_SaysTheStateInWords(InviteState status, string wireName, string label)
    {
        await using var ctx = ComponentTestContext.Create();

        var chip = ctx.Render<InviteStatusBadge>(p => p.Add(c => c.State, status)).Find("[data-test=invite-status]");

        chip.Text().ShouldBe(label);
        chip.GetAttribute("data-status").ShouldBe(wireName);
        chip.ClassList.ShouldContain("mud-chip");
    }

    [Fact]
    public async Task StatusChips_LookDifferentForEachState()
    {
        await using var ctx = ComponentTestContext.Create();
        var looks = new HashSet<string>();
        foreach (var status in ListStates)
        {
            var chip = ctx.Render<InviteStatusBadge>(p => p.Add(c => c.State, status))
                .Find("[data-test=invite-status]");
            looks.Add(chip.ClassList.Single(c => c.StartsWith("mud-chip-color-", StringComparison.Ordinal)));
        }

        looks.Count.ShouldBe(ListStates.Length);
    }

    [Fact]
    public async Task Row_OfAUsedUpSingleUseLink_SaysOneOfOne_AndNamesWhoJoinedAndWhen()
    {
        await using var ctx = ComponentTestContext.Create();
        var invite = Summary(
            InviteState.Used,
            useCount: 1,
            maxUses: 1,
            redemptions: [new InviteRedemptionInfo("u1", "sam@example.org", Now.AddHours(-3))]
        );

        var row = RenderRow(ctx, invite);

        row.Find("[data-test=invite-uses-text]").Text().ShouldBe("1 of 1");
        row.Find("[data-test=invite-status]").Text().ShouldBe("Used up");
        row.Find("[data-test=invite-joiner-email]").Text().ShouldBe("sam@example.org");
        row.Find("[data-test=invite-joiner]").Text().ShouldContain("joined 3 hours ago");
        row.Find("[data-test=invite-created-by]").Text().ShouldBe("owner@example.org");
        row.FindAll("[data-test=revoke-invite]").ShouldBeEmpty();
    }

    [Fact]
    public async Task Row_OfAPendingLink_OffersRevoke_SaysWhenItExpires_AndAsksForItsId()
    {
        await using var ctx = ComponentTestContext.Create();
        var invite = Summary(
            InviteState.Valid,
            useCount: 1,
            maxUses: 5,
            expiresAt: Now.AddDays(6).AddHours(1),
            redemptions: [new InviteRedemptionInfo("u1", "kim@example.org", Now.AddMinutes(-5))]
        );
        Guid? asked = null;

        var row = RenderRow(ctx, invite, onRevoke: id => asked = id);

        row.Find("[data-test=invite-uses-text]").Text().ShouldBe("1 of 5");
        row.Find("[data-test=invite-expiry-text]").Text().ShouldBe("Expires in 6 days");
        row.Find("[data-test=invite-joiner]").Text().ShouldContain("joined 5 minutes ago");
        var revoke = row.Find("[data-test=revoke-invite]");
        revoke.Text().ShouldBe("Revoke");
        // Several links, several "Revoke" buttons: each one's accessible name says which link.
        revoke.GetAttribute("aria-label").ShouldBe("Revoke link by owner@example.org, expires in 6 days");
        RenderRow(ctx, invite with { Label = "Kitchen" })
            .Find("[data-test=revoke-invite]")
            .GetAttribute("aria-label")
            .ShouldBe("Revoke link “Kitchen”");
        revoke.Click();
        asked.ShouldBe(invite.Id);
    }

    [Fact]
    public async Task Row_WhileItsRevokeIsInFlight_HasAnInertButton()
    {
        await using var ctx = ComponentTestContext.Create();

        var row = RenderRow(ctx, Summary(InviteState.Valid, 0, 1), busy: true);

        row.Find("[data-test=revoke-invite]").HasAttribute("disabled").ShouldBeTrue();
    }

    [Theory]
    [InlineData(InviteState.Used)]
    [InlineData(InviteState.Expired)]
    [InlineData(InviteState.Revoked)]
    public async Task Row_OfALinkThatNoLongerWorks_OffersNoRevoke(InviteState status)
    {
        await using var ctx = ComponentTestContext.Create();

        var row = RenderRow(
            ctx,
            Summary(
                status,
                useCount: status == InviteState.Used ? 1 : 0,
                maxUses: 1,
                expiresAt: status == InviteState.Expired ? Now.AddHours(-2) : Now.AddDays(1),
                revokedAt: status == InviteState.Revoked ? Now.AddMinutes(-30) : null
            )
        );

        row.FindAll("[data-test=revoke-invite]").ShouldBeEmpty();
        row.FindAll("[data-test=invite-row]").Count.ShouldBe(1);
    }

    [Fact]
    public async Task Row_OfAnExpiredLink_SaysHowLongAgo_AndARevokedOneWhenItWasRevoked()
    {
        await using var ctx = ComponentTestContext.Create();

        var expired = RenderRow(ctx, Summary(InviteState.Expired, 0, 1, expiresAt: Now.AddHours(-2)));
        var revoked = RenderRow(ctx, Summary(InviteState.Revoked, 0, 1, revokedAt: Now.AddMinutes(-30)));

        expired.Find("[data-test=invite-expiry-text]").Text().ShouldBe("Expired 2 hours ago");
        revoked.Find("[data-test=invite-expiry-text]").Text().ShouldBe("Revoked 30 minutes ago");
    }

    [Fact]
    public async Task Row_WritesTheExactExpiryInTheViewersTimeZone_NamingIt()
    {
        await using var ctx = ComponentTestContext.Create();
        var invite = Summary(
            InviteState.Valid,
            0,
            1,
            expiresAt: new DateTimeOffset(2026, 3, 15, 23, 30, 0, TimeSpan.Zero)
        );

        var utc = RenderRow(ctx, invite);
        var tokyo = RenderRow(ctx, invite, zone: TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));

        utc.Find("[data-test=invite-expiry-exact]").Text().ShouldBe("(15 Mar 2026, 23:30 UTC)");
        tokyo.Find("[data-test=invite-expiry-exact]").Text().ShouldBe("(16 Mar 2026, 08:30 Asia/Tokyo)");
        tokyo.Find("[data-test=invite-expiry-text]").GetAttribute("datetime").ShouldBe("2026-03-15T23:30:00Z");
    }

    [Fact]
    public async Task Row_WithoutJoiners_ShowsNoJoinersList()
    {
        await using var ctx = ComponentTestContext.Create();

        var row = RenderRow(ctx, Summary(InviteState.Valid, 0, 3));

        row.Find("[data-test=invite-uses-text]").Text().ShouldBe("0 of 3");
        row.FindAll("[data-test=invite-joiners]").ShouldBeEmpty();
    }

    [Fact]
    public async Task Row_ShowsItsLabel_AndWhyItWasRevoked_InWords_AndJoinersByDisplayName()
    {
        await using var ctx = ComponentTestContext.Create();
        var invite = Summary(
            InviteState.Revoked,
            useCount: 1,
            maxUses: 2,
            revokedAt: Now.AddHours(-1),
            redemptions: [new InviteRedemptionInfo("u1", "sam@example.org", Now.AddHours(-3), "Sam")]
        ) with
        {
            Label = "for Mum",
            RevokedReason = InviteRevokedReason.CreatorLeft,
        };

        var row = RenderRow(ctx, invite);

        row.Find("[data-test=invite-label]").Text().ShouldBe("“for Mum”");
        row.Find("[data-test=invite-revoked-reason]").Text().ShouldBe("Revoked: its creator left the household");
        row.Find("[data-test=invite-joiner-name]").Text().ShouldBe("Sam");
        row.Find("[data-test=invite-joiner-email]").Text().ShouldBe("sam@example.org");
    }

    [Fact]
    public async Task Row_WithoutLabel_OrRevokedByAnOwner_NamesTheOwner()
    {
        await using var ctx = ComponentTestContext.Create();
        var pending = RenderRow(ctx, Summary(InviteState.Valid, useCount: 0, maxUses: 1));
        var revoked = RenderRow(
            ctx,
            Summary(InviteState.Revoked, useCount: 0, maxUses: 1, revokedAt: Now) with
            {
                RevokedReason = InviteRevokedReason.RevokedByOwner,
                RevokedBy = "Olga",
            }
        );

        pending.FindAll("[data-test=invite-label]").ShouldBeEmpty();
        pending.FindAll("[data-test=invite-revoked-reason]").ShouldBeEmpty();
        revoked.Find("[data-test=invite-revoked-reason]").Text().ShouldBe("Revoked by Olga");
    }

    [Theory]
    [InlineData(7 * 24 * 60 - 1, "7 days")]
    [InlineData(60, "1 hour")]
    [InlineData(95, "2 hours")]
    [InlineData(23 * 60 + 40, "1 day")]
    [InlineData(30 * 24 * 60, "30 days")]
    [InlineData(5, "5 minutes")]
    public void Duration_RoundsToTheNearestWholeUnit(int minutes, string expected) =>
        TextsInTests.Invites.Duration(TimeSpan.FromMinutes(minutes) - TimeSpan.FromSeconds(1)).ShouldBe(expected);

    [Fact]
    public async Task Row_InGerman_SaysStateUsesAndTimes_InGerman()
    {
        await using var ctx = ComponentTestContext.Create();
        using var german = TextsInTests.Speaking("de");
        var pending = Summary(
            InviteState.Valid,
            useCount: 1,
            maxUses: 5,
            expiresAt: Now.AddDays(6).AddHours(1),
            redemptions: [new InviteRedemptionInfo("u1", "kim@example.org", Now.AddDays(-3))]
        );
        var revoked = Summary(InviteState.Revoked, useCount: 0, maxUses: 1, revokedAt: Now.AddHours(-2)) with
        {
            RevokedReason = InviteRevokedReason.CreatorLeft,
        };

        var row = RenderRow(ctx, pending);
        var history = RenderRow(ctx, revoked);

        row.Find("[data-test=invite-status]").Text().ShouldBe("Offen");
        row.Find("[data-test=invite-expiry-text]").Text().ShouldBe("Noch 6 Tage gültig");
        row.Find("[data-test=invite-uses-text]").Text().ShouldBe("1 von 5");
        row.Markup.ShouldContain("Beitritt als <strong>Mitglied</strong>");
        row.Find("[data-test=invite-joiner]").Text().ShouldContain("beigetreten vor 3 Tagen");
        row.Find("[data-test=revoke-invite]").Text().ShouldBe("Widerrufen");
        row.Find("[data-test=revoke-invite]")
            .GetAttribute("aria-label")
            .ShouldBe("Link von owner@example.org widerrufen, noch 6 Tage gültig");
        history.Find("[data-test=invite-status]").Text().ShouldBe("Widerrufen");
        history.Find("[data-test=invite-expiry-text]").Text().ShouldBe("Widerrufen vor 2 Stunden");
        history
            .Find("[data-test=invite-revoked-reason]")
            .Text()
            .ShouldBe("Widerrufen: die Person, die ihn erstellt hat, hat den Haushalt verlassen");
    }

    [Theory]
    [InlineData(
        "en",
        1,
        "The link for one person (0 of 1 used, joins as Owner)",
        "1 link was cleared from the history.",
        "Delete the 1 used-up, expired or revoked link from the list? "
            + "Pending links and members stay. This cannot be undone."
    )]
    [InlineData(
        "en",
        3,
        "The link for up to 3 people (0 of 3 used, joins as Owner)",
        "3 links were cleared from the history.",
        "Delete the 3 used-up, expired and revoked links from the list? "
            + "Pending links and members stay. This cannot be undone."
    )]
    [InlineData(
        "de",
        1,
        "Der Link für eine Person (0 von 1 verwendet, Beitritt als Eigentümer)",
        "1 Link wurde aus dem Verlauf gelöscht.",
        "Den 1 aufgebrauchten, abgelaufenen oder widerrufenen Link aus der Liste löschen? "
            + "Offene Links und Mitglieder bleiben. Das lässt sich nicht rückgängig machen."
    )]
    [InlineData(
        "de",
        3,
        "Der Link für bis zu 3 Personen (0 von 3 verwendet, Beitritt als Eigentümer)",
        "3 Links wurden aus dem Verlauf gelöscht.",
        "Die 3 aufgebrauchten, abgelaufenen und widerrufenen Links aus der Liste löschen? "
            + "Offene Links und Mitglieder bleiben. Das lässt sich nicht rückgängig machen."
    )]
    public void OwnersList_CountsReadRight_ForOneAndForMore(
        string language,
        int count,
        string revokeWhich,
        string cleared,
        string clearQuestion
    )
    {
        using var culture = TextsInTests.Speaking(language);
        var texts = TextsInTests.Invites;

        texts.TheLinkFor(count, texts.UsesText(0, count), HouseholdRole.Owner).ShouldBe(revokeWhich);
        texts.LinksCleared(count).ShouldBe(cleared);
        texts.ClearBody(count).ShouldBe(clearQuestion);
    }

    [Theory]
    [InlineData(7 * 24 * 60 - 1, "7 Tage", "vor 7 Tagen")]
    [InlineData(60, "1 Stunde", "vor 1 Stunde")]
    [InlineData(95, "2 Stunden", "vor 2 Stunden")]
    [InlineData(23 * 60 + 40, "1 Tag", "vor 1 Tag")]
    [InlineData(5, "5 Minuten", "vor 5 Minuten")]
    public void Duration_InGerman_RoundsAsInEnglish_AndSaysAgoInTheDative(int minutes, string span, string ago)
    {
        using var german = TextsInTests.Speaking("de");
        var length = TimeSpan.FromMinutes(minutes) - TimeSpan.FromSeconds(1);

        TextsInTests.Invites.Duration(length).ShouldBe(span);
        TextsInTests.Invites.Ago(Now - length, Now).ShouldBe(ago);
    }

    private static IRenderedComponent<InviteRow> RenderRow(
        BunitContext ctx,
        InviteSummary invite,
        bool busy = false,
        Action<Guid>? onRevoke = null,
        TimeZoneInfo? zone = null
    ) =>
        ctx.Render<InviteRow>(p =>
            p.Add(c => c.Invite, invite)
                .Add(c => c.Now, Now)
                .Add(c => c.Busy, busy)
                .Add(c => c.OnRevoke, onRevoke ?? (_ => { }))
                .AddCascadingValue(zone ?? TimeZoneInfo.Utc)
        );

    private static InviteSummary Summary(
        InviteState status,
        int useCount,
        int maxUses,
        DateTimeOffset? expiresAt = null,
        DateTimeOffset? revokedAt = null,
        IReadOnlyList<InviteRedemptionInfo>? redemptions = null
    ) =>
        new(
            Guid.NewGuid(),
            status,
            HouseholdRole.Member,
            maxUses,
            useCount,
            Now.AddDays(-1),
            expiresAt ?? Now.AddDays(6),
            "owner@example.org",
            revokedAt,
            redemptions ?? []
        );

    [Theory]
    [InlineData(InviteRevokedReason.RevokedByOwner, "Revoked — revoked by an owner")]
    [InlineData(InviteRevokedReason.CreatorLeft, "Revoked — its creator left the household")]
    [InlineData(InviteRevokedReason.CreatorRemoved, "Revoked — its creator was removed from the household")]
    [InlineData(InviteRevokedReason.CreatorDemoted, "Revoked — its creator is no longer an owner")]
    public void InviteStatusText_GivesTheRevocationReasonInWords(InviteRevokedReason reason, string expected)
    {
        var invite = new InviteSummary(
            Guid.NewGuid(),
            InviteState.Revoked,
            HouseholdRole.Member,
            1,
            0,
            DateTimeOffset.UnixEpoch,
            DateTimeOffset.UnixEpoch.AddDays(1),
            "Ana",
            DateTimeOffset.UnixEpoch,
            [],
            reason
        );

        TextsInTests.Invites.StatusText(invite).ShouldBe(expected);
    }

    [Fact]
    public void InviteStatusText_OfAUsedUpLink_IsUsedUp()
    {
        var invite = new InviteSummary(
            Guid.NewGuid(),
            InviteState.Used,
            HouseholdRole.Member,
            1,
            1,
            DateTimeOffset.UnixEpoch,
            DateTimeOffset.UnixEpoch.AddDays(1),
            "Ana",
            null,
            []
        );

        TextsInTests.Invites.StatusText(invite).ShouldBe("Used up");
    }
}
