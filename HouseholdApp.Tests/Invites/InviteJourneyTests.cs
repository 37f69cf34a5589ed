using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Invites;

public sealed class InviteJourneyTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Owner_CreatesLink_NewPersonSignsUpThroughIt_AndTheLinkIsThenUsed()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var household = await (
            await owner.Client.PostAsJsonAsync("/api/v1/households", new { name = "Smoke" }, Ct)
        ).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var householdId = household.GetProperty("id").GetGuid();

        var created = await owner.Client.PostAsJsonAsync(
            $"/api/v1/households/{householdId}/invites",
            new
            {
                expiresIn = "7d",
                maxUses = 1,
                role = "Member",
            },
            Ct
        );
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var invite = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var token = invite.GetProperty("token").GetString()!;
        token.Length.ShouldBe(43);
        invite.GetProperty("url").GetString().ShouldEndWith($"/invites/{token}");

        var anonymous = env.App.CreateHttpClient();
        var preview = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/invites/{token}", Ct);
        preview.GetProperty("state").GetString().ShouldBe("valid");
        preview.GetProperty("household").GetProperty("name").GetString().ShouldBe("Smoke");
        // The inviter by display name (by default the part of the address before '@'), never by e-mail address.
        preview.GetProperty("invitedBy").GetString().ShouldBe(TestData.DefaultDisplayName(owner.Email));
        preview.ToString().ShouldNotContain(owner.Email);

        var email = TestData.UniqueEmail("joiner");
        var signup = await anonymous.PostAsJsonAsync(
            $"/api/v1/invites/{token}/signup",
            new { email, password = TestData.DefaultPassword },
            Ct
        );
        signup.StatusCode.ShouldBe(HttpStatusCode.Created);

        var again = await anonymous.GetAsync($"/api/v1/invites/{token}", Ct);
        again.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await again.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("code")
            .GetString()
            .ShouldBe("invite_used");

        var other = await env.App.CreateUserAsync("late", withPassword: true);
        var accept = await other.Client.PostAsync($"/api/v1/invites/{token}/accept", null, Ct);
        accept.StatusCode.ShouldBe(HttpStatusCode.Gone);

        var list = await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/households/{householdId}/invites", Ct);
        var item = list.EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("status").GetString().ShouldBe("used_up");
        item.GetProperty("redemptions")
            .EnumerateArray()
            .ShouldHaveSingleItem()
            .GetProperty("email")
            .GetString()
            .ShouldBe(email);
        item.ToString().ShouldNotContain(token);

        var members = await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/households/{householdId}/members", Ct);
        var joiner = members.EnumerateArray().Single(m => m.GetProperty("email").GetString() == email);
        joiner.GetProperty("invitedBy").GetString().ShouldBe(TestData.DefaultDisplayName(owner.Email));
        joiner.GetProperty("displayName").GetString().ShouldBe(TestData.DefaultDisplayName(email));
        members
            .EnumerateArray()
            .Single(m => m.GetProperty("email").GetString() == owner.Email)
            .GetProperty("invitedBy")
            .ValueKind.ShouldBe(JsonValueKind.Null);
    }
}
