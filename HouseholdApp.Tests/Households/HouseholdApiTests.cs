using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Households;

public sealed class HouseholdApiTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_MakesTheCreatorItsOwner_AndListsIt()
    {
        var user = await env.App.CreateUserAsync("creator");

        var created = await user.Client.PostAsJsonAsync("/api/v1/households", new { name = "  Maple Street  " }, Ct);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("name").GetString().ShouldBe("Maple Street");
        var id = body.GetProperty("id").GetGuid();
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/households/{id}");

        var list = await user.Client.GetFromJsonAsync<JsonElement>("/api/v1/households", Ct);
        var item = list.EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("id").GetGuid().ShouldBe(id);
        item.GetProperty("role").GetString().ShouldBe("Owner");

        var members = await user.Client.GetFromJsonAsync<JsonElement>($"/api/v1/households/{id}/members", Ct);
        var member = members.EnumerateArray().ShouldHaveSingleItem();
        member.GetProperty("email").GetString().ShouldBe(user.Email);
        member.GetProperty("role").GetString().ShouldBe("Owner");
    }

    [Fact]
    public async Task List_ShowsOnlyTheCallersHouseholds()
    {
        var ana = await env.App.CreateUserAsync("ana");
        var ben = await env.App.CreateUserAsync("ben");
        await ana.Client.PostAsJsonAsync("/api/v1/households", new { name = "Ana's" }, Ct);
        await ben.Client.PostAsJsonAsync("/api/v1/households", new { name = "Ben's" }, Ct);

        var list = await ben.Client.GetFromJsonAsync<JsonElement>("/api/v1/households", Ct);

        list.EnumerateArray().Select(h => h.GetProperty("name").GetString()).ShouldBe(["Ben's"]);
    }

    [Fact]
    public async Task NonMember_GetsTheSame404ForAnotherHouseholdAsForOneThatDoesNotExist()
    {
        var owner = await env.App.CreateUserAsync("owner");
        var stranger = await env.App.CreateUserAsync("stranger");
        var created = await owner.Client.PostAsJsonAsync("/api/v1/households", new { name = "Private" }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        var existing = await stranger.Client.GetAsync($"/api/v1/households/{id}/members", Ct);
        var missing = await stranger.Client.GetAsync($"/api/v1/households/{Guid.NewGuid()}/members", Ct);
        var details = await stranger.Client.GetAsync($"/api/v1/households/{id}", Ct);

        existing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        details.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var existingBody = await existing.Content.ReadAsStringAsync(Ct);
        existingBody.ShouldNotContain("Private");
        var existingProblem = await existing.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var missingProblem = await missing.Content.ReadFromJsonAsync<JsonElement>(Ct);
        existingProblem.GetProperty("code").GetString().ShouldBe("household_not_found");
        existingProblem.GetProperty("detail").GetString().ShouldBe(missingProblem.GetProperty("detail").GetString());
        existingProblem.GetProperty("code").GetString().ShouldBe(missingProblem.GetProperty("code").GetString());
    }

    public static TheoryData<string> BadNames =>
        new()
        {
            """{ "name": "" }""",
            """{ "name": "   " }""",
            """{ "name": null }""",
            """{ }""",
            $$"""{ "name": "{{new string('x', 101)}}" }""",
            """{ "name": "tab\tinside" }""",
        };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Create_WithABadName_Answers400ProblemWithCode_AndCreatesNothing(string json)
    {
        var user = await env.App.CreateUserAsync("badname");

        var response = await user.Client.PostAsync(
            "/api/v1/households",
            new StringContent(json, Encoding.UTF8, "application/json"),
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("code").GetString().ShouldBe("invalid_name");
        problem.GetProperty("errors").GetProperty("name").GetArrayLength().ShouldBe(1);
        (await user.Client.GetFromJsonAsync<JsonElement>("/api/v1/households", Ct)).GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("{ \"name\": ")]
    [InlineData("{ \"name\": 42 }")]
    [InlineData("[1,2,3]")]
    [InlineData("not json at all")]
    public async Task Create_WithMalformedJson_Answers400Problem_Never500(string body)
    {
        var user = await env.App.CreateUserAsync("malformed");

        var response = await user.Client.PostAsync(
            "/api/v1/households",
            new StringContent(body, Encoding.UTF8, "application/json"),
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("code")
            .GetString()
            .ShouldNotBeNullOrEmpty();
    }
}
