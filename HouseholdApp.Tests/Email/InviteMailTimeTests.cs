using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Features.Accounts;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Accounts;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Email;

/// <summary>The invite mail says when its link expires: in the recipient's saved zone, else in UTC, named.</summary>
public sealed class InviteMailTimeTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InviteMail_StatesTheExpiry_InTheRecipientsSavedZone_ElseInUtc()
    {
        var mail = await env.MailServerAsync();
        var app = await env.MailAppAsync();
        var owner = await app.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync("Harbour View");
        var kiwi = await app.CreateUserAsync("kiwi");
        var stranger = TestData.UniqueEmail("stranger");
        await using var scope = app.Services.CreateAsyncScope();
        (
            await scope
                .ServiceProvider.GetRequiredService<TimeZonePreference>()
                .ChooseAsync(kiwi.UserId, "Pacific/Auckland", null, Ct)
        ).IsSuccess.ShouldBeTrue();

        // By address when the link is made, and from the dialog that holds a link just made: both name the expiry.
        var toKiwi = await MailNewLinkAsync(owner, householdId, kiwi.Email.ToUpperInvariant());
        var link = await owner.CreateLinkAsync(householdId, new { expiresIn = "1d" });
        var invites = scope.ServiceProvider.GetRequiredService<InviteManagementService>();
        (
            await invites.MailInviteLinkAsync(owner.UserId, householdId, link.Id, link.Token, stranger, Ct)
        ).IsSuccess.ShouldBeTrue();
        using var anonymous = app.CreateHttpClient();
        var linkExpiresAt = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/invites/{link.Token}", Ct))
            .GetProperty("expiresAt")
            .GetDateTimeOffset();

        var kiwiMail = await mail.WaitForAsync(kiwi.Email, "invites you to Harbour View");
        var expected = $"The link works until {TimeZoneTests.Written(toKiwi, "Pacific/Auckland")}.";
        kiwiMail.Text.ShouldContain(expected);
        kiwiMail.Html.ShouldContain(WebUtility.HtmlEncode(expected));
        var strangerMail = await mail.WaitForAsync(stranger, "invites you to Harbour View");
        strangerMail.Text.ShouldContain($"The link works until {TimeZoneTests.Written(linkExpiresAt, "UTC")}.");
    }

    /// <summary>Makes a link mailed to <paramref name="email"/>; returns when it expires.</summary>
    private static async Task<DateTimeOffset> MailNewLinkAsync(TestUser owner, Guid householdId, string email)
    {
        var response = await owner.Client.PostAsJsonAsync(
            $"/api/v1/households/{householdId}/invites",
            new { email },
            Ct
        );
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("mailed").GetBoolean().ShouldBeTrue();
        return body.GetProperty("expiresAt").GetDateTimeOffset();
    }
}
