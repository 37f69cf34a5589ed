using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Invites;
using HouseholdApp.Tests.Landing;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Tests.Accounts;

/// <summary>Everyone has a display name, chosen at sign-up on every path or else the part of their address before
/// '@'.</summary>
public sealed class DisplayNameTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestApp App => env.App;

    private async Task<string?> DisplayNameOfAsync(string email)
    {
        await using var db = App.CreateDbContext();
        return await db
            .Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant())
            .Select(u => u.DisplayName)
            .SingleOrDefaultAsync(Ct);
    }

    [Fact]
    public async Task InviteSignUpApi_TakesATrimmedDisplayName_ShownInTheMemberList()
    {
        var (owner, link) = await App.CreateOwnerWithLinkAsync();
        var email = TestData.UniqueEmail("carl");

        var response = await App.CreateHttpClient()
            .PostAsJsonAsync(
                $"/api/v1/invites/{link.Token}/signup",
                new
                {
                    email,
                    password = TestData.DefaultPassword,
                    displayName = "  Carl from upstairs  ",
                },
                Ct
            );

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var members = await owner.Client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/households/{link.HouseholdId}/members",
            Ct
        );
        members
            .EnumerateArray()
            .Single(m => m.GetProperty("email").GetString() == email)
            .GetProperty("displayName")
            .GetString()
            .ShouldBe("Carl from upstairs");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task InviteSignUpApi_WithoutADisplayName_UsesThePartOfTheAddressBeforeTheAt(string? displayName)
    {
        var (_, link) = await App.CreateOwnerWithLinkAsync();
        var email = TestData.UniqueEmail("dora");

        (
            await App.CreateHttpClient()
                .PostAsJsonAsync(
                    $"/api/v1/invites/{link.Token}/signup",
                    new
                    {
                        email,
                        password = TestData.DefaultPassword,
                        displayName,
                    },
                    Ct
                )
        ).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await DisplayNameOfAsync(email)).ShouldBe(TestData.DefaultDisplayName(email));
    }

    [Theory]
    [InlineData(51)]
    [InlineData(500)]
    public async Task InviteSignUpApi_WithATooLongDisplayName_Answers400_AndCreatesNothing(int length)
    {
        var (_, link) = await App.CreateOwnerWithLinkAsync();
        var email = TestData.UniqueEmail("long");

        var response = await App.CreateHttpClient()
            .PostAsJsonAsync(
                $"/api/v1/invites/{link.Token}/signup",
                new
                {
                    email,
                    password = TestData.DefaultPassword,
                    displayName = new string('n', length),
                },
                Ct
            );

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("errors")
            .TryGetProperty("displayName", out _)
            .ShouldBeTrue();
        (await App.UserExistsAsync(email)).ShouldBeFalse();
        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
    }

    [Fact]
    public async Task IdentityApiRegister_GivesTheDefaultDisplayName()
    {
        var user = await App.CreateUserAsync("erin", withPassword: true);

        var profile = await user.Client.GetFromJsonAsync<JsonElement>("/api/v1/account/profile", Ct);

        profile.GetProperty("displayName").GetString().ShouldBe(TestData.DefaultDisplayName(user.Email));
        profile.GetProperty("email").GetString().ShouldBe(user.Email);
    }

    [Fact]
    public async Task RegisterPage_TakesADisplayName()
    {
        var email = TestData.UniqueEmail("page");
        var response = await App.CreateBrowserLikeClient()
            .SubmitFormAsync(
                "/Account/Register",
                "register",
                new Dictionary<string, string>
                {
                    ["Input.Email"] = email,
                    ["Input.DisplayName"] = " Fern ",
                    ["Input.Password"] = TestData.DefaultPassword,
                    ["Input.ConfirmPassword"] = TestData.DefaultPassword,
                }
            );

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await DisplayNameOfAsync(email)).ShouldBe("Fern");
    }

    [Fact]
    public async Task InviteLandingPage_SignUpTakesADisplayName()
    {
        var invite = await App.CreateInviteAsync("Elm Yard");
        var email = TestData.UniqueEmail("gus");
        var client = App.CreateBrowserLikeClient();
        (await (await client.GetAsync(invite.Path, Ct)).Content.ReadAsStringAsync(Ct)).ShouldContain(
            "name=\"Input.DisplayName\""
        );

        var response = await client.SubmitFormAsync(
            invite.Path,
            "invite-signup",
            new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.DisplayName"] = "Gus",
                ["Input.Password"] = TestData.DefaultPassword,
                ["Input.ConfirmPassword"] = TestData.DefaultPassword,
            }
        );

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await DisplayNameOfAsync(email)).ShouldBe("Gus");
    }

    [Fact]
    public async Task Profile_ChangesTheDisplayName_EveryoneSeesIt()
    {
        var (owner, link) = await App.CreateOwnerWithLinkAsync();

        var response = await owner.Client.PutAsJsonAsync(
            "/api/v1/account/profile",
            new { displayName = "  Hana  " },
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("displayName")
            .GetString()
            .ShouldBe("Hana");
        (await App.CreateHttpClient().GetFromJsonAsync<JsonElement>($"/api/v1/invites/{link.Token}", Ct))
            .GetProperty("invitedBy")
            .GetString()
            .ShouldBe("Hana");
        var members = await owner.Client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/households/{link.HouseholdId}/members",
            Ct
        );
        members.EnumerateArray().ShouldHaveSingleItem().GetProperty("displayName").GetString().ShouldBe("Hana");
    }

    [Theory]
    [InlineData("""{ "displayName": "   " }""")]
    [InlineData("""{ "displayName": null }""")]
    [InlineData("""{ "displayName": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" }""")]
    [InlineData("""{ "displayName": "two\nlines" }""")]
    public async Task Profile_RefusesABlankTooLongOrMultiLineName_AndKeepsTheOldOne(string json)
    {
        var user = await App.CreateUserAsync("ivy");

        var response = await user.Client.PutAsync(
            "/api/v1/account/profile",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
            Ct
        );

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_display_name");
        (await DisplayNameOfAsync(user.Email)).ShouldBe(TestData.DefaultDisplayName(user.Email));
    }

    [Fact]
    public async Task Database_RefusesADisplayNameThatBreaksTheRule()
    {
        var user = await App.CreateUserAsync("jo");
        await using var db = App.CreateDbContext();

        var update = () =>
            db
                .Users.Where(u => u.Id == user.UserId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, " padded "), Ct);

        (await update.ShouldThrowAsync<Npgsql.PostgresException>()).ConstraintName.ShouldBe("ck_users_display_name");
    }
}
