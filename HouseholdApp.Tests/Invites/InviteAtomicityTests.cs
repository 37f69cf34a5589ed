using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Tests.Infrastructure;
using Npgsql;

namespace HouseholdApp.Tests.Invites;

/// <summary>Redemption commits completely or not at all (SPEC section 3, step 5).</summary>
public sealed class InviteAtomicityTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestApp App => env.App;

    [Fact]
    public async Task FailureAfterTheClaim_LeavesNoTrace_AndTheLinkStillWorksAfterwards()
    {
        var (_, link) = await App.CreateOwnerWithLinkAsync(new { maxUses = 2 });
        var joiner = await App.CreateUserAsync("joiner");
        var email = TestData.UniqueEmail("newcomer");

        // An infrastructure failure on the membership insert — after the claim and, for sign-up, after the account
        // insert.
        await using (var trigger = await App.FailMembershipInsertsAsync(link.HouseholdId))
        {
            var accept = await joiner.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct);
            var signUp = await App.CreateHttpClient()
                .PostAsJsonAsync(
                    $"/api/v1/invites/{link.Token}/signup",
                    new { email, password = TestData.DefaultPassword },
                    Ct
                );

            ((int)accept.StatusCode).ShouldBeGreaterThanOrEqualTo(500);
            ((int)signUp.StatusCode).ShouldBeGreaterThanOrEqualTo(500);
            (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
            (await App.UserExistsAsync(email)).ShouldBeFalse();
            (await App.CountMembersAsync(link.HouseholdId)).ShouldBe(1);
            await using var db = App.CreateDbContext();
            db.InviteRedemptions.Count(r => r.InviteId == link.Id).ShouldBe(0);
        }

        (await joiner.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        (
            await App.CreateHttpClient()
                .PostAsJsonAsync(
                    $"/api/v1/invites/{link.Token}/signup",
                    new { email, password = TestData.DefaultPassword },
                    Ct
                )
        ).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(2);
        (await App.CountMembersAsync(link.HouseholdId)).ShouldBe(3);
    }

    [Fact]
    public async Task SignUpWithATakenEmail_Answers409EmailTaken_AndDoesNotConsumeTheLink()
    {
        var (_, link) = await App.CreateOwnerWithLinkAsync();
        var existing = await App.CreateUserAsync("existing");

        var response = await App.CreateHttpClient()
            .PostAsJsonAsync(
                $"/api/v1/invites/{link.Token}/signup",
                new { email = existing.Email.ToUpperInvariant(), password = TestData.DefaultPassword },
                Ct
            );

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "email_taken");
        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
        (await App.CountMembersAsync(link.HouseholdId)).ShouldBe(1);
        (await App.CreateHttpClient().GetAsync($"/api/v1/invites/{link.Token}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
    }

    [Fact]
    public async Task AcceptByAMember_Answers409AlreadyMember_AndDoesNotConsumeTheLink()
    {
        var (owner, link) = await App.CreateOwnerWithLinkAsync();
        var member = await App.CreateMemberAsync(owner, link.HouseholdId);

        await (await member.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "already_member"
        );

        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
        var someone = await App.CreateUserAsync("someone");
        (await someone.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
    }

    [Theory]
    [InlineData("short")]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("")]
    public async Task SignUpWithAWeakPassword_Answers400WithPasswordErrors_AndDoesNotConsumeTheLink(string password)
    {
        var (_, link) = await App.CreateOwnerWithLinkAsync();
        var email = TestData.UniqueEmail("weak");

        var response = await App.CreateHttpClient()
            .PostAsJsonAsync($"/api/v1/invites/{link.Token}/signup", new { email, password }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("errors").GetProperty("password").GetArrayLength().ShouldBeGreaterThan(0);
        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
        (await App.UserExistsAsync(email)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("")]
    [InlineData(null)]
    public async Task SignUpWithAnInvalidEmail_Answers400WithEmailErrors_AndDoesNotConsumeTheLink(string? email)
    {
        var (_, link) = await App.CreateOwnerWithLinkAsync();

        var response = await App.CreateHttpClient()
            .PostAsJsonAsync(
                $"/api/v1/invites/{link.Token}/signup",
                new { email, password = TestData.DefaultPassword },
                Ct
            );

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("errors")
            .GetProperty("email")
            .GetArrayLength()
            .ShouldBeGreaterThan(0);
        (await App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
    }
}
