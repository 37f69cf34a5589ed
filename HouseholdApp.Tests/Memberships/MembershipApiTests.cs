using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Memberships;

public sealed class MembershipApiTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(TestUser Owner, TestUser Member, Guid Household)> OwnerAndMemberAsync()
    {
        var owner = await env.App.CreateUserAsync("owner");
        var member = await env.App.CreateUserAsync("member");
        var household = await env.App.CreateHouseholdAsync(
            (owner.UserId, HouseholdRole.Owner),
            (member.UserId, HouseholdRole.Member)
        );
        return (owner, member, household);
    }

    private static async Task<string?> CodeOf(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return problem.GetProperty("code").GetString();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Owner_RemovesAMember_204_AndTheyAreGone()
    {
        var (owner, member, household) = await OwnerAndMemberAsync();

        var response = await owner.Client.DeleteAsync($"/api/v1/households/{household}/members/{member.UserId}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await env.App.MembersAsync(household)).ShouldBe([$"{owner.UserId}:Owner"]);
        var afterwards = await member.Client.GetAsync($"/api/v1/households/{household}/members", Ct);
        afterwards.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Member_DeletingThemselves_Leaves()
    {
        var (owner, member, household) = await OwnerAndMemberAsync();

        var response = await member.Client.DeleteAsync($"/api/v1/households/{household}/members/{member.UserId}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await env.App.MembersAsync(household)).ShouldBe([$"{owner.UserId}:Owner"]);
    }

    [Fact]
    public async Task Member_RemovingSomeoneElse_403Forbidden()
    {
        var (owner, member, household) = await OwnerAndMemberAsync();

        var response = await member.Client.DeleteAsync($"/api/v1/households/{household}/members/{owner.UserId}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CodeOf(response)).ShouldBe("forbidden");
        (await env.App.MembersAsync(household)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task LastOwner_Leaving_409LastOwner_WithAnExplanation()
    {
        var (owner, _, household) = await OwnerAndMemberAsync();

        var response = await owner.Client.DeleteAsync($"/api/v1/households/{household}/members/{owner.UserId}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("code").GetString().ShouldBe("last_owner");
        problem.GetProperty("detail").GetString()!.ShouldContain("Make someone else an owner first");
        (await env.App.OwnerCountAsync(household)).ShouldBe(1);
    }

    [Fact]
    public async Task Owner_RemovingSomeoneWhoIsNotAMember_404MemberNotFound()
    {
        var (owner, _, household) = await OwnerAndMemberAsync();

        var response = await owner.Client.DeleteAsync($"/api/v1/households/{household}/members/{Guid.NewGuid()}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await CodeOf(response)).ShouldBe("member_not_found");
    }

    [Fact]
    public async Task NonMember_GetsTheSame404AsForAnUnknownHousehold_OnEveryEndpoint()
    {
        var (_, member, household) = await OwnerAndMemberAsync();
        var stranger = await env.App.CreateUserAsync("stranger");
        var before = await env.App.MembersAsync(household);

        foreach (var id in new[] { household, Guid.NewGuid() })
        {
            var responses = new[]
            {
                await stranger.Client.DeleteAsync($"/api/v1/households/{id}/members/{member.UserId}", Ct),
                await stranger.Client.DeleteAsync($"/api/v1/households/{id}/members/{stranger.UserId}", Ct),
                await stranger.Client.PutAsJsonAsync(
                    $"/api/v1/households/{id}/members/{member.UserId}/role",
                    new { role = "Owner" },
                    Ct
                ),
                await stranger.Client.PostAsJsonAsync(
                    $"/api/v1/households/{id}/transfer",
                    new { userId = member.UserId },
                    Ct
                ),
            };
            foreach (var response in responses)
            {
                response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
                (await CodeOf(response)).ShouldBe("household_not_found");
            }
        }

        (await env.App.MembersAsync(household)).ShouldBe(before);
    }

    [Fact]
    public async Task Anonymous_401_OnEveryEndpoint()
    {
        var (_, member, household) = await OwnerAndMemberAsync();
        var anonymous = env.App.CreateHttpClient();

        var responses = new[]
        {
            await anonymous.DeleteAsync($"/api/v1/households/{household}/members/{member.UserId}", Ct),
            await anonymous.PutAsJsonAsync(
                $"/api/v1/households/{household}/members/{member.UserId}/role",
                new { role = "Owner" },
                Ct
            ),
            await anonymous.PostAsJsonAsync(
                $"/api/v1/households/{household}/transfer",
                new { userId = member.UserId },
                Ct
            ),
        };

        responses.Select(r => r.StatusCode).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        (await env.App.MembersAsync(household)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Owner_ChangesARole_200_WithTheMember()
    {
        var (owner, member, household) = await OwnerAndMemberAsync();

        var response = await owner.Client.PutAsJsonAsync(
            $"/api/v1/households/{household}/members/{member.UserId}/role",
            new { role = "Owner" },
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("userId").GetString().ShouldBe(member.UserId);
        body.GetProperty("email").GetString().ShouldBe(member.Email);
        body.GetProperty("role").GetString().ShouldBe("Owner");
        (await env.App.OwnerCountAsync(household)).ShouldBe(2);
    }

    [Fact]
    public async Task Member_ChangingARole_403Forbidden()
    {
        var (_, member, household) = await OwnerAndMemberAsync();

        var response = await member.Client.PutAsJsonAsync(
            $"/api/v1/households/{household}/members/{member.UserId}/role",
            new { role = "Owner" },
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CodeOf(response)).ShouldBe("forbidden");
        (await env.App.OwnerCountAsync(household)).ShouldBe(1);
    }

    [Fact]
    public async Task LastOwner_DemotingThemselves_409LastOwner()
    {
        var (owner, _, household) = await OwnerAndMemberAsync();

        var response = await owner.Client.PutAsJsonAsync(
            $"/api/v1/households/{household}/members/{owner.UserId}/role",
            new { role = "Member" },
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await CodeOf(response)).ShouldBe("last_owner");
        (await env.App.MembersAsync(household)).ShouldContain($"{owner.UserId}:Owner");
    }

    [Theory]
    [InlineData("""{ "role": "Admin" }""")]
    [InlineData("""{ "role": "" }""")]
    [InlineData("""{ "role": "1" }""")]
    [InlineData("""{ "role": null }""")]
    [InlineData("""{ }""")]
    public async Task ChangeRole_ToSomethingThatIsNotARole_400InvalidRole(string json)
    {
        var (owner, member, household) = await OwnerAndMemberAsync();

        var response = await owner.Client.PutAsync(
            $"/api/v1/households/{household}/members/{member.UserId}/role",
            Json(json),
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await CodeOf(response)).ShouldBe("invalid_role");
        (await env.App.OwnerCountAsync(household)).ShouldBe(1);
    }

    [Theory]
    [InlineData("""{ "role": 1 }""")]
    [InlineData("""{ "role": """)]
    [InlineData("not json")]
    public async Task ChangeRole_WithMalformedJson_400_Never500(string json)
    {
        var (owner, member, household) = await OwnerAndMemberAsync();

        var response = await owner.Client.PutAsync(
            $"/api/v1/households/{household}/members/{member.UserId}/role",
            Json(json),
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await CodeOf(response)).ShouldNotBeNullOrEmpty();
        (await env.App.OwnerCountAsync(household)).ShouldBe(1);
    }

    [Fact]
    public async Task Owner_TransfersOwnership_200_WithTheNewMemberList()
    {
        var (owner, member, household) = await OwnerAndMemberAsync();

        var response = await owner.Client.PostAsJsonAsync(
            $"/api/v1/households/{household}/transfer",
            new { userId = member.UserId },
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var list = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        list.EnumerateArray()
            .ToDictionary(m => m.GetProperty("userId").GetString()!, m => m.GetProperty("role").GetString())
            .ShouldBe(
                new Dictionary<string, string?> { [owner.UserId] = "Member", [member.UserId] = "Owner" },
                ignoreOrder: true
            );
        (await env.App.OwnerCountAsync(household)).ShouldBe(1);
    }

    [Theory]
    [InlineData("""{ }""", "invalid_user_id", HttpStatusCode.BadRequest)]
    [InlineData("""{ "userId": "" }""", "invalid_user_id", HttpStatusCode.BadRequest)]
    [InlineData("""{ "userId": "no-such-user" }""", "member_not_found", HttpStatusCode.NotFound)]
    public async Task Transfer_WithoutAMemberToHandOverTo_IsRefused(string json, string code, HttpStatusCode status)
    {
        var (owner, _, household) = await OwnerAndMemberAsync();

        var response = await owner.Client.PostAsync($"/api/v1/households/{household}/transfer", Json(json), Ct);

        response.StatusCode.ShouldBe(status);
        (await CodeOf(response)).ShouldBe(code);
        (await env.App.MembersAsync(household)).ShouldContain($"{owner.UserId}:Owner");
    }

    [Fact]
    public async Task Member_Transferring_403Forbidden()
    {
        var (owner, member, household) = await OwnerAndMemberAsync();

        var response = await member.Client.PostAsJsonAsync(
            $"/api/v1/households/{household}/transfer",
            new { userId = member.UserId },
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CodeOf(response)).ShouldBe("forbidden");
        (await env.App.MembersAsync(household)).ShouldContain($"{owner.UserId}:Owner");
    }

    [Fact]
    public async Task Transfer_WithANulInTheUserId_Answers400_AndChangesNothing()
    {
        // PostgreSQL text cannot hold U+0000: a JSON "\u0000" that reached a query used to end in a 500.
        var owner = await env.App.CreateUserAsync("owner");
        var household = await owner.CreateHouseholdAsync();

        var response = await owner.Client.PostAsync(
            $"/api/v1/households/{household}/transfer",
            Json("""{ "userId": "x\u0000y" }"""),
            Ct
        );

        await response.ShouldBeBadRequestProblemAsync();
        (await env.App.MembersAsync(household)).ShouldBe([$"{owner.UserId}:Owner"]);
    }
}
