using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Invites;

/// <summary>Every state and status of SPEC section 4 and the owner endpoints of section 5, through the real
/// API.</summary>
public sealed class InviteApiTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestApp App => env.App;

    [Fact]
    public async Task Create_Answers201WithIdTokenUrlExpiryUsesAndRole()
    {
        var owner = await App.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync();
        var before = DateTimeOffset.UtcNow;

        var response = await owner.Client.PostAsJsonAsync(
            $"/api/v1/households/{householdId}/invites",
            new
            {
                expiresIn = "1d",
                maxUses = 5,
                role = "Member",
            },
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = body.GetProperty("id").GetGuid();
        var token = body.GetProperty("token").GetString()!;
        InviteToken.IsWellFormed(token).ShouldBeTrue();
        body.GetProperty("url").GetString().ShouldBe(new Uri(App.BaseAddress, $"/invites/{token}").ToString());
        body.GetProperty("expiresAt")
            .GetDateTimeOffset()
            .ShouldBeInRange(before.AddDays(1).AddSeconds(-5), DateTimeOffset.UtcNow.AddDays(1).AddSeconds(5));
        body.GetProperty("maxUses").GetInt32().ShouldBe(5);
        body.GetProperty("role").GetString().ShouldBe("Member");
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/households/{householdId}/invites/{id}");
    }

    [Fact]
    public async Task Create_Defaults_SevenDaysSingleUseMember()
    {
        var (owner, _) = await App.CreateOwnerWithLinkAsync();
        var householdId = await owner.CreateHouseholdAsync();

        var response = await owner.Client.PostAsJsonAsync($"/api/v1/households/{householdId}/invites", new { }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("maxUses").GetInt32().ShouldBe(1);
        body.GetProperty("role").GetString().ShouldBe("Member");
        (body.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow).TotalDays.ShouldBeInRange(
            6.99,
            7.01
        );
    }

    [Fact]
    public async Task Lookup_ValidLink_Shows200WithHouseholdInviterRoleAndExpiry()
    {
        var (owner, link) = await App.CreateOwnerWithLinkAsync(new { role = "Owner", expiresIn = "1h" });

        var response = await App.CreateHttpClient().GetAsync($"/api/v1/invites/{link.Token}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("state").GetString().ShouldBe("valid");
        body.GetProperty("household").GetProperty("name").GetString().ShouldBe("Home");
        body.GetProperty("invitedBy").GetString().ShouldBe(TestData.DefaultDisplayName(owner.Email));
        body.ToString().ShouldNotContain(owner.Email);
        body.GetProperty("role").GetString().ShouldBe("Owner");
        (body.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow).TotalMinutes.ShouldBeInRange(
            58,
            61
        );
    }

    [Fact]
    public async Task ExpiredLink_Answers410InviteExpired_ForLookupAcceptAndSignUp_AndConsumesNothing()
    {
        var (_, link) = await App.CreateOwnerWithLinkAsync();
        await App.ExpireAsync(link.Id);
        var joiner = await App.CreateUserAsync("late");
        var email = TestData.UniqueEmail("late");

        await (await App.CreateHttpClient().GetAsync($"/api/v1/invites/{link.Token}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Gone,
            "invite_expired"
        );
        await (await joiner.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Gone,
            "invite_expired"
        );
        await (
            await App.CreateHttpClient()
                .PostAsJsonAsync(
                    $"/api/v1/invites/{link.Token}/signup",
                    new { email, password = TestData.DefaultPassword },
                    Ct
                )
        ).ShouldBeProblemAsync(HttpStatusCode.Gone, "invite_expired");

        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
        (await App.CountMembersAsync(link.HouseholdId)).ShouldBe(1);
        (await App.UserExistsAsync(email)).ShouldBeFalse();
    }

    [Fact]
    public async Task ExpiredLink_AcceptedInGerman_AnswersTheSameCode_WithGermanWords()
    {
        var (_, link) = await App.CreateOwnerWithLinkAsync();
        await App.ExpireAsync(link.Id);
        var joiner = await App.CreateUserAsync("late");
        using var accept = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invites/{link.Token}/accept");
        accept.Headers.AcceptLanguage.ParseAdd("de");

        var response = await joiner.Client.SendAsync(accept, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Gone);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("code").GetString().ShouldBe("invite_expired");
        problem
            .GetProperty("detail")
            .GetString()
            .ShouldBe(
                "Dieser Einladungslink ist abgelaufen. "
                    + "Bitte jemanden aus dem Haushalt, dir einen neuen Link zu schicken."
            );
        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
    }

    [Fact]
    public async Task UsedLink_Answers410InviteUsed_AndRevealsNoHouseholdDetails()
    {
        var (_, link) = await App.CreateOwnerWithLinkAsync();
        var first = await App.CreateUserAsync("first");
        (await first.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        var second = await App.CreateUserAsync("second");

        var lookup = await App.CreateHttpClient().GetAsync($"/api/v1/invites/{link.Token}", Ct);
        await lookup.ShouldBeProblemAsync(HttpStatusCode.Gone, "invite_used");
        (await lookup.Content.ReadAsStringAsync(Ct)).ShouldNotContain("Home");
        await (await second.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Gone,
            "invite_used"
        );
        await (
            await App.CreateHttpClient()
                .PostAsJsonAsync(
                    $"/api/v1/invites/{link.Token}/signup",
                    new { email = TestData.UniqueEmail(), password = TestData.DefaultPassword },
                    Ct
                )
        ).ShouldBeProblemAsync(HttpStatusCode.Gone, "invite_used");
        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(1);
    }

    [Fact]
    public async Task RevokedLink_Answers410InviteRevoked_Immediately()
    {
        var (owner, link) = await App.CreateOwnerWithLinkAsync(new { maxUses = 10 });
        var joiner = await App.CreateUserAsync("joiner");
        (await App.CreateHttpClient().GetAsync($"/api/v1/invites/{link.Token}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );

        (
            await owner.Client.DeleteAsync($"/api/v1/households/{link.HouseholdId}/invites/{link.Id}", Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await App.CreateHttpClient().GetAsync($"/api/v1/invites/{link.Token}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Gone,
            "invite_revoked"
        );
        await (await joiner.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Gone,
            "invite_revoked"
        );
        await (
            await App.CreateHttpClient()
                .PostAsJsonAsync(
                    $"/api/v1/invites/{link.Token}/signup",
                    new { email = TestData.UniqueEmail(), password = TestData.DefaultPassword },
                    Ct
                )
        ).ShouldBeProblemAsync(HttpStatusCode.Gone, "invite_revoked");
        (await App.CountMembersAsync(link.HouseholdId)).ShouldBe(1);

        var list = await owner.Client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/households/{link.HouseholdId}/invites",
            Ct
        );
        list.EnumerateArray().ShouldHaveSingleItem().GetProperty("status").GetString().ShouldBe("revoked");

        // Revoking again is harmless; a link of another household is not found.
        (
            await owner.Client.DeleteAsync($"/api/v1/households/{link.HouseholdId}/invites/{link.Id}", Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (
            await owner.Client.DeleteAsync($"/api/v1/households/{link.HouseholdId}/invites/{Guid.NewGuid()}", Ct)
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound, "invite_not_found");
    }

    [Fact]
    public async Task AlreadyMember_Answers409_ForLookupWithBearerAndForAccept_AndConsumesNothing()
    {
        var (owner, link) = await App.CreateOwnerWithLinkAsync();
        var member = await App.CreateMemberAsync(owner, link.HouseholdId);

        await (await member.Client.GetAsync($"/api/v1/invites/{link.Token}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "already_member"
        );
        await (await owner.Client.GetAsync($"/api/v1/invites/{link.Token}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "already_member"
        );
        await (await member.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "already_member"
        );
        await (await owner.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "already_member"
        );

        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
        (await App.CreateHttpClient().GetAsync($"/api/v1/invites/{link.Token}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
    }

    [Fact]
    public async Task UnknownToken_Answers404InviteInvalid_AndMalformedToken400InviteMalformed()
    {
        var user = await App.CreateUserAsync();
        var unknown = InviteToken.Generate();
        var malformed = unknown[..42];

        await (await App.CreateHttpClient().GetAsync($"/api/v1/invites/{unknown}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound,
            "invite_invalid"
        );
        await (await user.Client.PostAsync($"/api/v1/invites/{unknown}/accept", null, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound,
            "invite_invalid"
        );
        await (
            await App.CreateHttpClient()
                .PostAsJsonAsync(
                    $"/api/v1/invites/{unknown}/signup",
                    new { email = TestData.UniqueEmail(), password = TestData.DefaultPassword },
                    Ct
                )
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound, "invite_invalid");

        await (await App.CreateHttpClient().GetAsync($"/api/v1/invites/{malformed}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.BadRequest,
            "invite_malformed"
        );
        await (await user.Client.PostAsync($"/api/v1/invites/{malformed}/accept", null, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.BadRequest,
            "invite_malformed"
        );
        await (
            await App.CreateHttpClient()
                .PostAsJsonAsync(
                    $"/api/v1/invites/{malformed}/signup",
                    new { email = TestData.UniqueEmail(), password = TestData.DefaultPassword },
                    Ct
                )
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invite_malformed");
    }

    [Fact]
    public async Task Accept_WithoutBearer_Answers401()
    {
        var (_, link) = await App.CreateOwnerWithLinkAsync();

        var response = await App.CreateHttpClient().PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
    }

    [Fact]
    public async Task Accept_JoinsWithTheInvitesRole_AndTheOwnerSeesWhoJoined()
    {
        var (owner, link) = await App.CreateOwnerWithLinkAsync(new { role = "Owner", maxUses = 2 });
        var joiner = await App.CreateUserAsync("joiner");

        var response = await joiner.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("householdId")
            .GetGuid()
            .ShouldBe(link.HouseholdId);
        var members = await joiner.Client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/households/{link.HouseholdId}/members",
            Ct
        );
        members
            .EnumerateArray()
            .Single(m => m.GetProperty("email").GetString() == joiner.Email)
            .GetProperty("role")
            .GetString()
            .ShouldBe("Owner");
        var item = (
            await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/households/{link.HouseholdId}/invites", Ct)
        )
            .EnumerateArray()
            .ShouldHaveSingleItem();
        item.GetProperty("status").GetString().ShouldBe("pending");
        item.GetProperty("uses").GetInt32().ShouldBe(1);
        var redemption = item.GetProperty("redemptions").EnumerateArray().ShouldHaveSingleItem();
        redemption.GetProperty("email").GetString().ShouldBe(joiner.Email);
        redemption.GetProperty("userId").GetString().ShouldBe(joiner.UserId);
    }

    [Fact]
    public async Task SignUp_CreatesAccountAndMembershipTogether_AndTheNewAccountCanSignIn()
    {
        var (_, link) = await App.CreateOwnerWithLinkAsync();
        var email = TestData.UniqueEmail("new");
        var client = App.CreateHttpClient();

        var response = await client.PostAsJsonAsync(
            $"/api/v1/invites/{link.Token}/signup",
            new { email, password = TestData.DefaultPassword },
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("householdId").GetGuid().ShouldBe(link.HouseholdId);
        body.GetProperty("userId").GetString().ShouldNotBeNullOrEmpty();
        var login = await client.PostAsJsonAsync(
            "/api/v1/account/login",
            new { email, password = TestData.DefaultPassword },
            Ct
        );
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.CountMembersAsync(link.HouseholdId)).ShouldBe(2);
    }

    [Fact]
    public async Task OwnerEndpoints_MemberGets403Forbidden_NonMember404_Anonymous401()
    {
        var (owner, link) = await App.CreateOwnerWithLinkAsync();
        var member = await App.CreateMemberAsync(owner, link.HouseholdId);
        var stranger = await App.CreateUserAsync("stranger");
        var anonymous = App.CreateHttpClient();
        var invites = $"/api/v1/households/{link.HouseholdId}/invites";

        await (await member.Client.PostAsJsonAsync(invites, new { }, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        await (await member.Client.GetAsync(invites, Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await member.Client.DeleteAsync($"{invites}/{link.Id}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Forbidden,
            "forbidden"
        );

        await (await stranger.Client.PostAsJsonAsync(invites, new { }, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound,
            "household_not_found"
        );
        await (await stranger.Client.GetAsync(invites, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound,
            "household_not_found"
        );
        await (await stranger.Client.DeleteAsync($"{invites}/{link.Id}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound,
            "household_not_found"
        );
        // A household that does not exist looks the same as one the caller is not in.
        await (await stranger.Client.GetAsync($"/api/v1/households/{Guid.NewGuid()}/invites", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound,
            "household_not_found"
        );

        (await anonymous.PostAsJsonAsync(invites, new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync(invites, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.DeleteAsync($"{invites}/{link.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // Nothing the others tried changed the link.
        var row = await App.ReadInviteAsync(link.Id);
        row.RevokedAt.ShouldBeNull();
        (await owner.Client.GetFromJsonAsync<JsonElement>(invites, Ct)).GetArrayLength().ShouldBe(2);
    }

    [Theory]
    [InlineData("""{ "expiresIn": "2d" }""", "expiresIn", "invalid_expiry")]
    [InlineData("""{ "expiresIn": "31d" }""", "expiresIn", "invalid_expiry")]
    [InlineData("""{ "expiresIn": "" }""", "expiresIn", "invalid_expiry")]
    [InlineData("""{ "expiresIn": "7D" }""", "expiresIn", "invalid_expiry")]
    [InlineData("""{ "maxUses": 0 }""", "maxUses", "invalid_max_uses")]
    [InlineData("""{ "maxUses": -1 }""", "maxUses", "invalid_max_uses")]
    [InlineData("""{ "maxUses": 101 }""", "maxUses", "invalid_max_uses")]
    [InlineData("""{ "role": "Admin" }""", "role", "invalid_role")]
    [InlineData("""{ "role": "1" }""", "role", "invalid_role")]
    [InlineData("""{ "role": "" }""", "role", "invalid_role")]
    public async Task Create_InvalidFields_Answer400ValidationProblemNamingTheField(
        string json,
        string field,
        string code
    )
    {
        var owner = await App.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync();

        var response = await owner.Client.PostAsync(
            $"/api/v1/households/{householdId}/invites",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
            Ct
        );

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, code);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body.ToString());
        (await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/households/{householdId}/invites", Ct))
            .GetArrayLength()
            .ShouldBe(0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task Create_MaxUsesWithinOneToHundred_IsAccepted(int maxUses)
    {
        var owner = await App.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync();

        var response = await owner.Client.PostAsJsonAsync(
            $"/api/v1/households/{householdId}/invites",
            new { maxUses, expiresIn = "30d" },
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("maxUses").GetInt32().ShouldBe(maxUses);
    }

    [Fact]
    public async Task List_ShowsStatusUsesAndWhoJoined_ButNeverATokenOrHash()
    {
        var owner = await App.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync();
        var pending = await owner.CreateLinkAsync(householdId, new { maxUses = 3 });
        var usedUp = await owner.CreateLinkAsync(householdId);
        var revoked = await owner.CreateLinkAsync(householdId);
        var expired = await owner.CreateLinkAsync(householdId);
        var joiner = await App.CreateUserAsync("joiner");
        (await joiner.Client.PostAsync($"/api/v1/invites/{usedUp.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        (
            await owner.Client.DeleteAsync($"/api/v1/households/{householdId}/invites/{revoked.Id}", Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await App.ExpireAsync(expired.Id);

        var response = await owner.Client.GetAsync($"/api/v1/households/{householdId}/invites", Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        var list = JsonDocument
            .Parse(text)
            .RootElement.EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetGuid());
        list[pending.Id].GetProperty("status").GetString().ShouldBe("pending");
        list[pending.Id].GetProperty("maxUses").GetInt32().ShouldBe(3);
        list[usedUp.Id].GetProperty("status").GetString().ShouldBe("used_up");
        list[usedUp.Id].GetProperty("redemptions")[0].GetProperty("email").GetString().ShouldBe(joiner.Email);
        list[revoked.Id].GetProperty("status").GetString().ShouldBe("revoked");
        list[expired.Id].GetProperty("status").GetString().ShouldBe("expired");
        foreach (var link in new[] { pending, usedUp, revoked, expired })
        {
            text.ShouldNotContain(link.Token);
            text.ShouldNotContain(Convert.ToBase64String(InviteToken.Hash(link.Token)));
            text.ShouldNotContain(Convert.ToHexString(InviteToken.Hash(link.Token)), Case.Insensitive);
        }

        text.ShouldNotContain("token", Case.Insensitive);
        text.ShouldNotContain("hash", Case.Insensitive);
    }

    [Fact]
    public async Task Create_OwnerMayGrantOwner_TheRoleCanNeverExceedTheCreators()
    {
        var (owner, link) = await App.CreateOwnerWithLinkAsync(new { role = "owner" });
        (await App.CreateHttpClient().GetFromJsonAsync<JsonElement>($"/api/v1/invites/{link.Token}", Ct))
            .GetProperty("role")
            .GetString()
            .ShouldBe("Owner");

        // A member cannot create any invite, so certainly not an owner's.
        var member = await App.CreateMemberAsync(owner, link.HouseholdId);
        await (
            await member.Client.PostAsJsonAsync(
                $"/api/v1/households/{link.HouseholdId}/invites",
                new { role = "Owner" },
                Ct
            )
        ).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
