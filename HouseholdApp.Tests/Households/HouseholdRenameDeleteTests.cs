using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Features.Households;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Invites;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Households;

public sealed class HouseholdRenameDeleteTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestApp App => env.App;

    [Fact]
    public async Task Rename_ByAnOwner_Answers200WithTheHousehold_AndEveryoneSeesTheNewName()
    {
        var owner = await App.CreateUserAsync("owner");
        var id = await owner.CreateHouseholdAsync("Old name");
        var member = await App.CreateMemberAsync(owner, id);

        var response = await owner.Client.PatchAsJsonAsync(
            $"/api/v1/households/{id}",
            new { name = "  Maple Street  " },
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        (body.GetProperty("id").GetGuid(), body.GetProperty("name").GetString()).ShouldBe((id, "Maple Street"));
        var seen = await member.Client.GetFromJsonAsync<JsonElement>("/api/v1/households", Ct);
        seen.EnumerateArray().ShouldHaveSingleItem().GetProperty("name").GetString().ShouldBe("Maple Street");
    }

    [Theory]
    [InlineData("""{ "name": "   " }""")]
    [InlineData("""{ "name": null }""")]
    [InlineData("""{ }""")]
    public async Task Rename_ToABlankName_Answers400AndKeepsTheName(string json)
    {
        var owner = await App.CreateUserAsync("owner");
        var id = await owner.CreateHouseholdAsync("Kept");

        var response = await owner.Client.PatchAsync(
            $"/api/v1/households/{id}",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
            Ct
        );

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_name");
        (await NameAsync(id)).ShouldBe("Kept");
    }

    [Fact]
    public async Task Rename_TooLong_Answers400()
    {
        var owner = await App.CreateUserAsync("owner");
        var id = await owner.CreateHouseholdAsync("Kept");

        var response = await owner.Client.PatchAsJsonAsync(
            $"/api/v1/households/{id}",
            new { name = new string('x', HouseholdApp.Common.NameRules.HouseholdNameMaxLength + 1) },
            Ct
        );

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_name");
    }

    [Fact]
    public async Task RenameAndDelete_ByAMember_Answer403_ByAStranger_Answer404_AndChangeNothing()
    {
        var owner = await App.CreateUserAsync("owner");
        var id = await owner.CreateHouseholdAsync("Kept");
        var member = await App.CreateMemberAsync(owner, id);
        var stranger = await App.CreateUserAsync("stranger");

        await (
            await member.Client.PatchAsJsonAsync($"/api/v1/households/{id}", new { name = "Mine" }, Ct)
        ).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await member.Client.DeleteAsync($"/api/v1/households/{id}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        await (
            await stranger.Client.PatchAsJsonAsync($"/api/v1/households/{id}", new { name = "Mine" }, Ct)
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound, "household_not_found");
        await (await stranger.Client.DeleteAsync($"/api/v1/households/{id}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound,
            "household_not_found"
        );
        (await App.CreateHttpClient().DeleteAsync($"/api/v1/households/{id}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Unauthorized
        );

        (await NameAsync(id)).ShouldBe("Kept");
        (await App.CountMembersAsync(id)).ShouldBe(2);
    }

    [Fact]
    public async Task Delete_TakesMembershipsInvitesRedemptionsAndActivity_AndItsLinksAnswerLikeUnknownOnes()
    {
        var owner = await App.CreateUserAsync("owner");
        var id = await owner.CreateHouseholdAsync("Made by mistake");
        var member = await App.CreateMemberAsync(owner, id);
        var pending = await owner.CreateLinkAsync(id, new { maxUses = 5 });

        var response = await owner.Client.DeleteAsync($"/api/v1/households/{id}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using (var db = App.CreateDbContext())
        {
            (await db.Households.CountAsync(h => h.Id == id, Ct)).ShouldBe(0);
            (await db.Memberships.CountAsync(m => m.HouseholdId == id, Ct)).ShouldBe(0);
            (await db.Invites.CountAsync(i => i.HouseholdId == id, Ct)).ShouldBe(0);
            (await db.InviteRedemptions.CountAsync(r => r.UserId == member.UserId, Ct)).ShouldBe(0);
            (await db.Activity.CountAsync(a => a.HouseholdId == id, Ct)).ShouldBe(0);
        }

        await (await App.CreateHttpClient().GetAsync($"/api/v1/invites/{pending.Token}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound,
            "invite_invalid"
        );
        await (await member.Client.PostAsync($"/api/v1/invites/{pending.Token}/accept", null, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound,
            "invite_invalid"
        );
        (await member.Client.GetFromJsonAsync<JsonElement>("/api/v1/households", Ct)).GetArrayLength().ShouldBe(0);
        await (await owner.Client.GetAsync($"/api/v1/households/{id}/members", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound,
            "household_not_found"
        );
        await (await owner.Client.DeleteAsync($"/api/v1/households/{id}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound,
            "household_not_found"
        );
    }

    [Fact]
    public async Task ASoleOwner_WhoCannotLeave_CanDeleteInstead()
    {
        var owner = await App.CreateUserAsync("owner");
        var id = await owner.CreateHouseholdAsync("Alone");

        var leave = await owner.Client.DeleteAsync($"/api/v1/households/{id}/members/{owner.UserId}", Ct);
        await leave.ShouldBeProblemAsync(HttpStatusCode.Conflict, "last_owner");
        (await leave.Content.ReadAsStringAsync(Ct)).ShouldContain("Delete the household");

        (await owner.Client.DeleteAsync($"/api/v1/households/{id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/households", Ct)).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Delete_TellsOpenPagesOfTheHousehold()
    {
        var owner = await App.CreateUserAsync("owner");
        var id = await owner.CreateHouseholdAsync("Watched");
        var told = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = App
            .Services.GetRequiredService<HouseholdEvents>()
            .Subscribe(id, () =>
            {
                told.TrySetResult();
                return Task.CompletedTask;
            });

        (await owner.Client.DeleteAsync($"/api/v1/households/{id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await told.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await using var scope = App.Services.CreateAsyncScope();
        (
            await scope.ServiceProvider.GetRequiredService<HouseholdService>().GetHouseholdAsync(owner.UserId, id, Ct)
        ).Error.ShouldBe(scope.ServiceProvider.GetRequiredService<HouseholdTexts>().HouseholdNotFound);
    }

    [Fact]
    public async Task Delete_WhilePeopleJoinAndSignUpThroughItsLinks_NeverAnswers500_AndLeavesNothingBehind()
    {
        for (var round = 0; round < 5; round++)
        {
            var owner = await App.CreateUserAsync("owner");
            var id = await owner.CreateHouseholdAsync("Racing");
            var link = await owner.CreateLinkAsync(id, new { maxUses = 100 });
            var joiners = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => App.CreateUserAsync("joiner")));
            using var start = new SemaphoreSlim(0);

            var accepts = joiners
                .Select(async j =>
                {
                    await start.WaitAsync(Ct);
                    return await j.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct);
                })
                .ToList();
            var signUps = Enumerable
                .Range(0, 4)
                .Select(async _ =>
                {
                    await start.WaitAsync(Ct);
                    return await App.CreateHttpClient()
                        .PostAsJsonAsync(
                            $"/api/v1/invites/{link.Token}/signup",
                            new { email = TestData.UniqueEmail("racer"), password = TestData.DefaultPassword },
                            Ct
                        );
                })
                .ToList();
            var delete = Task.Run(
                async () =>
                {
                    await start.WaitAsync(Ct);
                    return await owner.Client.DeleteAsync($"/api/v1/households/{id}", Ct);
                },
                Ct
            );
            start.Release(accepts.Count + signUps.Count + 1);

            (await delete).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            foreach (var response in await Task.WhenAll(accepts.Concat(signUps)))
            {
                ((int)response.StatusCode).ShouldBeOneOf(200, 201, 404);
            }

            await using var db = App.CreateDbContext();
            (await db.Memberships.CountAsync(m => m.HouseholdId == id, Ct)).ShouldBe(0);
            (await db.Invites.CountAsync(i => i.HouseholdId == id, Ct)).ShouldBe(0);
        }
    }

    private async Task<string> NameAsync(Guid id)
    {
        await using var db = App.CreateDbContext();
        return await db.Households.Where(h => h.Id == id).Select(h => h.Name).SingleAsync(Ct);
    }
}
