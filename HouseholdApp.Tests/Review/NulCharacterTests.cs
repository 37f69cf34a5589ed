using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Landing;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Tests.Review;

/// <summary>
/// PostgreSQL text cannot hold U+0000. A JSON string may carry one ("\u0000"), and wherever it reached a query the
/// database refused it (SQLSTATE 22021) and the client got a 500. It is the client's mistake: 400, nothing written.
/// </summary>
public sealed class NulCharacterTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string NulEmail = "a\\u0000b@example.org";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task ShouldBeBadRequestProblemAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("code").GetString().ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("/api/v1/account/login")]
    [InlineData("/api/v1/account/register")]
    public async Task AccountApi_WithANulInTheEmail_Answers400(string path)
    {
        var client = env.App.CreateHttpClient();

        var response = await client.PostAsync(path, Json($$"""{ "email": "{{NulEmail}}", "password": "{{TestData.DefaultPassword}}" }"""), Ct);

        await ShouldBeBadRequestProblemAsync(response);
    }

    [Fact]
    public async Task InviteSignUp_WithANulInTheEmail_Answers400_AndLeavesTheInviteUnused()
    {
        var invite = await env.App.CreateInviteAsync();

        var response = await env.App.CreateHttpClient().PostAsync($"/api/v1/invites/{invite.Token}/signup",
            Json($$"""{ "email": "{{NulEmail}}", "password": "{{TestData.DefaultPassword}}" }"""), Ct);

        await ShouldBeBadRequestProblemAsync(response);
        await using var db = env.App.CreateDbContext();
        (await db.Invites.Where(i => i.Id == invite.Id).Select(i => i.UseCount).SingleAsync(Ct)).ShouldBe(0);
        (await db.Memberships.CountAsync(m => m.HouseholdId == invite.HouseholdId, Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task Transfer_WithANulInTheUserId_Answers400_AndChangesNothing()
    {
        var invite = await env.App.CreateInviteAsync();

        var response = await invite.Owner.Client.PostAsync($"/api/v1/households/{invite.HouseholdId}/transfer",
            Json("""{ "userId": "x\u0000y" }"""), Ct);

        await ShouldBeBadRequestProblemAsync(response);
        var members = await invite.Owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/households/{invite.HouseholdId}/members", Ct);
        members.EnumerateArray().ShouldHaveSingleItem().GetProperty("role").GetString().ShouldBe("Owner");
    }
}
