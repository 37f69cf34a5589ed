using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.InvitesPanel;

/// <summary>The household page as served (prerendered HTML): who gets the invites panel, and what it never
/// contains.</summary>
public sealed class InvitesPanelPageTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OwnerPage_ListsInvitesWithoutTokens_MemberPage_HasNoInvitesPanel()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var member = await env.App.CreateUserAsync("member", withPassword: true);
        var householdId = (
            await (
                await owner.Client.PostAsJsonAsync("/api/v1/households", new { name = "Page house" }, Ct)
            ).Content.ReadFromJsonAsync<JsonElement>(Ct)
        )
            .GetProperty("id")
            .GetGuid();
        var tokens = new List<string>();
        foreach (var uses in new[] { 1, 4 })
        {
            var created = await owner.Client.PostAsJsonAsync(
                $"/api/v1/households/{householdId}/invites",
                new
                {
                    expiresIn = "1d",
                    maxUses = uses,
                    role = "Member",
                },
                Ct
            );
            tokens.Add((await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString()!);
        }

        (await member.Client.PostAsync($"/api/v1/invites/{tokens[1]}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );

        var ownerHtml = await GetHouseholdPageAsync(owner, householdId);
        ownerHtml.ShouldContain("data-test=\"invites-panel\"");
        Count(ownerHtml, "data-test=\"invite-row\"").ShouldBe(2);
        ownerHtml.ShouldContain("1 of 4");
        ownerHtml.ShouldContain(member.Email);
        foreach (var token in tokens)
        {
            ownerHtml.ShouldNotContain(token);
        }

        var memberHtml = await GetHouseholdPageAsync(member, householdId);
        memberHtml.ShouldContain("data-test=\"household-name\"");
        memberHtml.ShouldNotContain("data-test=\"invites-panel\"");
        memberHtml.ShouldNotContain("data-test=\"invite-row\"");
    }

    private async Task<string> GetHouseholdPageAsync(TestUser user, Guid householdId)
    {
        var client = await env.App.SignedInBrowserClientAsync(user);
        var page = await client.GetAsync($"/households/{householdId}", Ct);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await page.Content.ReadAsStringAsync(Ct);
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (
            var i = text.IndexOf(value, StringComparison.Ordinal);
            i >= 0;
            i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal)
        )
        {
            count++;
        }

        return count;
    }
}
