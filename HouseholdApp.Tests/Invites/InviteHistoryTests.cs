using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Invites;

/// <summary>The owner's invite list tells the truth: why a link was revoked, what is used up, labels, and a history
/// that can be cleared.</summary>
public sealed class InviteHistoryTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestApp App => env.App;

    private static async Task<JsonElement> ListAsync(TestUser owner, Guid householdId) =>
        await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/households/{householdId}/invites", Ct);

    private static JsonElement Item(JsonElement list, Guid id) =>
        list.EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);

    /// <summary>Two owners; the second made a pending member link, a pending owner link and a used-up link.</summary>
    private async Task<(
        TestUser Owner,
        TestUser Other,
        Guid Household,
        TestInvite Member,
        TestInvite OwnerLink,
        TestInvite UsedUp
    )> ArrangeAsync()
    {
        var owner = await App.CreateUserAsync("owner");
        var household = await owner.CreateHouseholdAsync();
        var other = await App.CreateUserAsync("other");
        var promote = await owner.CreateLinkAsync(household, new { role = "Owner" });
        (await other.Client.PostAsync($"/api/v1/invites/{promote.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        var memberLink = await other.CreateLinkAsync(household, new { maxUses = 3 });
        var ownerLink = await other.CreateLinkAsync(household, new { role = "Owner" });
        var usedUp = await other.CreateLinkAsync(household);
        var joiner = await App.CreateUserAsync("joiner");
        (await joiner.Client.PostAsync($"/api/v1/invites/{usedUp.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        return (owner, other, household, memberLink, ownerLink, usedUp);
    }

    [Fact]
    public async Task Revoke_ByAnOwner_SaysWhoAndWhy()
    {
        var (owner, link) = await App.CreateOwnerWithLinkAsync();

        (
            await owner.Client.DeleteAsync($"/api/v1/households/{link.HouseholdId}/invites/{link.Id}", Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var item = Item(await ListAsync(owner, link.HouseholdId), link.Id);
        item.GetProperty("status").GetString().ShouldBe("revoked");
        item.GetProperty("revokedReason").GetString().ShouldBe("revoked_by_owner");
        item.GetProperty("revokedBy").GetString().ShouldBe(TestData.DefaultDisplayName(owner.Email));
        item.GetProperty("revokedAt").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public async Task CreatorLeaves_PendingLinksSayCreatorLeft_AUsedUpLinkStaysUsedUp()
    {
        var (owner, other, household, memberLink, ownerLink, usedUp) = await ArrangeAsync();

        (
            await other.Client.DeleteAsync($"/api/v1/households/{household}/members/{other.UserId}", Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var list = await ListAsync(owner, household);
        Item(list, memberLink.Id).GetProperty("revokedReason").GetString().ShouldBe("creator_left");
        Item(list, ownerLink.Id).GetProperty("revokedReason").GetString().ShouldBe("creator_left");
        var used = Item(list, usedUp.Id);
        used.GetProperty("status").GetString().ShouldBe("used_up");
        used.GetProperty("revokedReason").ValueKind.ShouldBe(JsonValueKind.Null);
        used.GetProperty("revokedAt").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task CreatorRemoved_LinksSayCreatorRemoved()
    {
        var (owner, other, household, memberLink, _, _) = await ArrangeAsync();

        (
            await owner.Client.DeleteAsync($"/api/v1/households/{household}/members/{other.UserId}", Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        Item(await ListAsync(owner, household), memberLink.Id)
            .GetProperty("revokedReason")
            .GetString()
            .ShouldBe("creator_removed");
    }

    [Fact]
    public async Task CreatorDemoted_OnlyTheirOwnerLinksAreRevoked_SayingCreatorDemoted()
    {
        var (owner, other, household, memberLink, ownerLink, _) = await ArrangeAsync();

        (
            await owner.Client.PutAsJsonAsync(
                $"/api/v1/households/{household}/members/{other.UserId}/role",
                new { role = "Member" },
                Ct
            )
        ).StatusCode.ShouldBe(HttpStatusCode.OK);

        var list = await ListAsync(owner, household);
        Item(list, ownerLink.Id).GetProperty("revokedReason").GetString().ShouldBe("creator_demoted");
        Item(list, memberLink.Id).GetProperty("status").GetString().ShouldBe("pending");
    }

    [Fact]
    public async Task RevokingAUsedUpLink_LeavesItUsedUp()
    {
        var (owner, _, household, _, _, usedUp) = await ArrangeAsync();

        (await owner.Client.DeleteAsync($"/api/v1/households/{household}/invites/{usedUp.Id}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NoContent
        );

        Item(await ListAsync(owner, household), usedUp.Id).GetProperty("status").GetString().ShouldBe("used_up");
    }

    [Fact]
    public async Task CountOfLinksAChangeWouldRevoke_MatchesWhatTheChangeThenRevokes()
    {
        var (owner, other, household, _, _, _) = await ArrangeAsync();
        await using var scope = App.Services.CreateAsyncScope();
        var memberships = scope.ServiceProvider.GetRequiredService<MembershipService>();

        (
            await memberships.CountLinksRevokedByAsync(owner.UserId, household, other.UserId, MemberChange.Remove, Ct)
        ).Value.ShouldBe(2);
        (
            await memberships.CountLinksRevokedByAsync(owner.UserId, household, other.UserId, MemberChange.StepDown, Ct)
        ).Value.ShouldBe(1);
        (
            await memberships.CountLinksRevokedByAsync(other.UserId, household, other.UserId, MemberChange.Leave, Ct)
        ).Value.ShouldBe(2);
        (
            await memberships.CountLinksRevokedByAsync(owner.UserId, household, owner.UserId, MemberChange.Leave, Ct)
        ).Value.ShouldBe(0);

        (await memberships.LeaveAsync(other.UserId, household, Ct)).IsSuccess.ShouldBeTrue();
        var list = await ListAsync(owner, household);
        list.EnumerateArray().Count(i => i.GetProperty("revokedReason").GetString() == "creator_left").ShouldBe(2);
        (
            await memberships.CountLinksRevokedByAsync(owner.UserId, household, other.UserId, MemberChange.Remove, Ct)
        ).Value.ShouldBe(0);
    }

    [Fact]
    public async Task CountOfLinksAChangeWouldRevoke_IsForOwners_OrAMemberAskingAboutTheirOwnLeaving()
    {
        var owner = await App.CreateUserAsync("owner");
        var household = await owner.CreateHouseholdAsync();
        var member = await App.CreateMemberAsync(owner, household);
        var stranger = await App.CreateUserAsync("stranger");
        await using var scope = App.Services.CreateAsyncScope();
        var memberships = scope.ServiceProvider.GetRequiredService<MembershipService>();

        (
            await memberships.CountLinksRevokedByAsync(member.UserId, household, member.UserId, MemberChange.Leave, Ct)
        ).Value.ShouldBe(0);
        (
            await memberships.CountLinksRevokedByAsync(member.UserId, household, owner.UserId, MemberChange.Remove, Ct)
        ).Error!.Code.ShouldBe("forbidden");
        (
            await memberships.CountLinksRevokedByAsync(stranger.UserId, household, owner.UserId, MemberChange.Leave, Ct)
        ).Error!.Code.ShouldBe("household_not_found");
    }

    [Fact]
    public async Task AFormerMember_RejoinsThroughALinkWithUsesLeft_AndEachUseHasItsOwnRecord()
    {
        var (owner, link) = await App.CreateOwnerWithLinkAsync(new { maxUses = 3 });
        var member = await App.CreateUserAsync("returning");
        (await member.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        (
            await member.Client.DeleteAsync($"/api/v1/households/{link.HouseholdId}/members/{member.UserId}", Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var preview = await member.Client.GetAsync($"/api/v1/invites/{link.Token}", Ct);
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await member.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct);

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(2);
        var item = Item(await ListAsync(owner, link.HouseholdId), link.Id);
        item.GetProperty("redemptions")
            .EnumerateArray()
            .Select(r => r.GetProperty("userId").GetString())
            .ShouldBe([member.UserId, member.UserId]);
        await (await member.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "already_member"
        );
    }

    [Fact]
    public async Task AFormerMember_RacingThemselvesThroughAMultiUseLink_JoinsOnce()
    {
        var (_, link) = await App.CreateOwnerWithLinkAsync(new { maxUses = 50 });
        var member = await App.CreateUserAsync("racer");

        var responses = await Task.WhenAll(
            Enumerable
                .Range(0, 20)
                .Select(_ => member.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct))
        );

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await loser.ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_member");
        }

        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(1);
        await using var db = App.CreateDbContext();
        (await db.InviteRedemptions.CountAsync(r => r.InviteId == link.Id, Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task List_PutsPendingLinksFirst_NewestFirstWithinEach()
    {
        var owner = await App.CreateUserAsync("owner");
        var household = await owner.CreateHouseholdAsync();
        var olderPending = await owner.CreateLinkAsync(household, new { maxUses = 2 });
        var used = await owner.CreateLinkAsync(household);
        var joiner = await App.CreateUserAsync("joiner");
        (await joiner.Client.PostAsync($"/api/v1/invites/{used.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        var revoked = await owner.CreateLinkAsync(household);
        (
            await owner.Client.DeleteAsync($"/api/v1/households/{household}/invites/{revoked.Id}", Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var newerPending = await owner.CreateLinkAsync(household);

        var ids = (await ListAsync(owner, household))
            .EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid())
            .ToList();

        ids.ShouldBe([newerPending.Id, olderPending.Id, revoked.Id, used.Id]);
    }

    [Fact]
    public async Task ClearHistory_DeletesUsedUpExpiredAndRevokedLinksWithTheirHashes_KeepsPendingOnesAndMembers()
    {
        var owner = await App.CreateUserAsync("owner");
        var household = await owner.CreateHouseholdAsync();
        var pending = await owner.CreateLinkAsync(household);
        var used = await owner.CreateLinkAsync(household);
        var joiner = await App.CreateUserAsync("joiner");
        (await joiner.Client.PostAsync($"/api/v1/invites/{used.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        var revoked = await owner.CreateLinkAsync(household);
        (
            await owner.Client.DeleteAsync($"/api/v1/households/{household}/invites/{revoked.Id}", Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var expired = await owner.CreateLinkAsync(household);
        await App.ExpireAsync(expired.Id);

        var response = await owner.Client.DeleteAsync($"/api/v1/households/{household}/invites/history", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ListAsync(owner, household))
            .EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid())
            .ShouldBe([pending.Id]);
        await using var db = App.CreateDbContext();
        var hashes = new[] { used, revoked, expired }
            .Select(l => HouseholdApp.Features.Invites.InviteToken.Hash(l.Token))
            .ToList();
        (await db.Invites.CountAsync(i => hashes.Contains(i.TokenHash), Ct)).ShouldBe(0);
        (await db.InviteRedemptions.CountAsync(r => r.UserId == joiner.UserId, Ct)).ShouldBe(0);
        (await App.CountMembersAsync(household)).ShouldBe(2);
        await (await App.CreateHttpClient().GetAsync($"/api/v1/invites/{used.Token}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound,
            "invite_invalid"
        );
        (await App.CreateHttpClient().GetAsync($"/api/v1/invites/{pending.Token}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
    }

    [Fact]
    public async Task ClearHistory_IsForOwners()
    {
        var owner = await App.CreateUserAsync("owner");
        var household = await owner.CreateHouseholdAsync();
        var member = await App.CreateMemberAsync(owner, household);
        var stranger = await App.CreateUserAsync("stranger");

        await (
            await member.Client.DeleteAsync($"/api/v1/households/{household}/invites/history", Ct)
        ).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (
            await stranger.Client.DeleteAsync($"/api/v1/households/{household}/invites/history", Ct)
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound, "household_not_found");
        (await ListAsync(owner, household)).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Label_IsKeptTrimmed_ListedForOwners_AndNeverShownToTheLinkHolder()
    {
        var owner = await App.CreateUserAsync("owner");
        var household = await owner.CreateHouseholdAsync();
        var created = await owner.Client.PostAsJsonAsync(
            $"/api/v1/households/{household}/invites",
            new { label = "  for Mum  " },
            Ct
        );
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("label").GetString().ShouldBe("for Mum");
        var id = body.GetProperty("id").GetGuid();
        var token = body.GetProperty("token").GetString()!;

        Item(await ListAsync(owner, household), id).GetProperty("label").GetString().ShouldBe("for Mum");
        (await App.CreateHttpClient().GetStringAsync($"/api/v1/invites/{token}", Ct)).ShouldNotContain("Mum");
        (await App.CreateHttpClient().GetStringAsync($"/invites/{token}", Ct)).ShouldNotContain("for Mum");
    }

    [Theory]
    [InlineData(51)]
    [InlineData(200)]
    public async Task Label_LongerThan50Characters_Answers400AndCreatesNothing(int length)
    {
        var owner = await App.CreateUserAsync("owner");
        var household = await owner.CreateHouseholdAsync();

        var response = await owner.Client.PostAsJsonAsync(
            $"/api/v1/households/{household}/invites",
            new { label = new string('m', length) },
            Ct
        );

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_label");
        (await ListAsync(owner, household)).GetArrayLength().ShouldBe(0);
    }
}
