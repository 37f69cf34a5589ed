using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Common;
using HouseholdApp.Features.Email;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Email;

/// <summary>The app is no mail relay: limits per user, household, address and client, held in PostgreSQL.</summary>
public sealed class MailLimitTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InvitationMails_OverThePerUserOrPerHouseholdLimit_Answer429WithRetryAfter_AcrossInstances()
    {
        var mail = await env.MailServerAsync();
        var settings = mail.AppSettings();
        settings["Email:Limits:InvitesPerUserPerHour"] = "3";
        settings["Email:Limits:InvitesPerHouseholdPerHour"] = "5";
        await using var first = await TestApp.StartAsync(env.Postgres, settings, "maillimit");
        await using var second = new TestApp(first.ConnectionString, settings);
        second.StartServer();
        var owner = await first.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync("Busy House");
        var coOwner = await first.CreateUserAsync("coowner");
        await first.AddMemberAsync(householdId, coOwner.UserId, HouseholdRole.Owner);
        var guests = new List<string>();

        async Task<HttpResponseMessage> InviteAsync(TestApp app, TestUser who)
        {
            var guest = TestData.UniqueEmail("guest");
            guests.Add(guest);
            using var client = app.CreateHttpClient();
            client.DefaultRequestHeaders.Authorization = who.Client.DefaultRequestHeaders.Authorization;
            return await client.PostAsJsonAsync($"/api/v1/households/{householdId}/invites", new { email = guest }, Ct);
        }

        // Three from one owner, spread over both instances; the fourth is refused wherever it arrives.
        (await InviteAsync(first, owner)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await InviteAsync(second, owner)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await InviteAsync(first, owner)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await ShouldBeRateLimitedAsync(await InviteAsync(second, owner));

        // A link without mail is still fine: only mail is limited.
        using (var plain = second.CreateHttpClient())
        {
            plain.DefaultRequestHeaders.Authorization = owner.Client.DefaultRequestHeaders.Authorization;
            (await plain.PostAsJsonAsync($"/api/v1/households/{householdId}/invites", new { }, Ct)).StatusCode.ShouldBe(
                HttpStatusCode.Created
            );
        }

        // The household's limit binds its other owner too: 3 + 2 = 5, then refused.
        (await InviteAsync(second, coOwner)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await InviteAsync(first, coOwner)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await ShouldBeRateLimitedAsync(await InviteAsync(first, coOwner));

        var refused = new[] { guests[3], guests[6] };
        foreach (var guest in guests.Except(refused))
        {
            await mail.WaitForAsync(guest, "invites you to Busy House");
        }

        await using var db = first.CreateDbContext();
        (await db.Set<OutboxMessage>().CountAsync(m => refused.Contains(m.To), Ct)).ShouldBe(0);
        (await db.Invites.CountAsync(i => i.HouseholdId == householdId, Ct)).ShouldBe(6);
    }

    private static async Task ShouldBeRateLimitedAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var seconds = int.Parse(
            response.Headers.GetValues("Retry-After").Single(),
            System.Globalization.CultureInfo.InvariantCulture
        );
        seconds.ShouldBeInRange(1, 3600);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("code").GetString().ShouldBe("rate_limited");
        body.GetProperty("detail").GetString()!.ShouldContain("Too many invitations");
    }

    [Fact]
    public async Task ResetMails_OverThePerAddressOrPerIpLimit_AreAbsorbed_WithTheAnswerOfAnUnknownAddress()
    {
        var mail = await env.MailServerAsync();
        var settings = mail.AppSettings();
        settings["Email:Limits:AccountMailsPerAddressPerHour"] = "2";
        settings["Email:Limits:AccountMailsPerIpPerHour"] = "4";
        await using var app = await TestApp.StartAsync(env.Postgres, settings, "maillimitip");
        var users = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            users.Add(await app.CreateUserAsync($"reset{i}"));
        }

        await using (var db = app.CreateDbContext())
        {
            var ids = users.Select(u => u.UserId).ToList();
            await db
                .Users.Where(u => ids.Contains(u.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, true), Ct);
        }

        var unknown = TestData.UniqueEmail("nobody");
        async Task<string?> PageAsync(string email) =>
            (
                await app.CreateBrowserLikeClient()
                    .SubmitFormAsync(
                        "/Account/ForgotPassword",
                        "forgot-password",
                        new Dictionary<string, string> { ["Input.Email"] = email }
                    )
            ).Headers.Location?.ToString();
        async Task<(HttpStatusCode, string)> ApiAsync(string email)
        {
            var response = await app.CreateHttpClient()
                .PostAsJsonAsync("/api/v1/account/forgotPassword", new { email }, Ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
        }

        var unknownPage = await PageAsync(unknown);
        var unknownApi = await ApiAsync(unknown);
        for (var i = 0; i < 3; i++)
        {
            (await PageAsync(users[0].Email)).ShouldBe(unknownPage); // the third is over the address's limit
        }

        (await ApiAsync(users[1].Email)).ShouldBe(unknownApi); // the fourth from this client
        (await ApiAsync(users[2].Email)).ShouldBe(unknownApi); // the fifth: over the client's limit

        // The mails are written after the answers, in order: the client's count reaches five with the last of them.
        await Eventually.UntilAsync(
            async () =>
            {
                await using var db = app.CreateDbContext();
                return await db.Set<MailRateCounter>().MaxAsync(c => (int?)c.Count, Ct) == 5;
            },
            "all five requests for real accounts counted"
        );
        await using (var db = app.CreateDbContext())
        {
            (await db.Set<OutboxMessage>().CountAsync(m => m.To == users[0].Email, Ct)).ShouldBe(2);
            (await db.Set<OutboxMessage>().CountAsync(m => m.To == users[1].Email, Ct)).ShouldBe(1);
            (await db.Set<OutboxMessage>().CountAsync(m => m.To == users[2].Email, Ct)).ShouldBe(0);
        }

        await mail.WaitForAsync(users[1].Email, "password reset code");
        await Eventually.UntilAsync(
            async () => (await mail.MessagesToAsync(users[0].Email)).Count == 2,
            "two reset mails to the first address"
        );
    }

    [Fact]
    public void InviteSubjects_AreOneShortLine_WhateverTheNamesHold()
    {
        EmailMessage Invite(string language) =>
            Templates()
                .Invite(
                    CultureInfo.GetCultureInfo(language),
                    "guest@example.org",
                    "Eve\r\nBcc: victim@example.org\u202e",
                    new string('H', 300) + "\u200b\n",
                    "https://home.example.org/invites/x",
                    bound: false,
                    DateTimeOffset.UnixEpoch,
                    zone: null
                );

        var message = Invite("en");
        message.Subject.ShouldNotContain("\r");
        message.Subject.ShouldNotContain("\n");
        message.Subject.ShouldNotContain("\u202e");
        message.Subject.ShouldNotContain("\u200b");
        message.Subject.Length.ShouldBeLessThanOrEqualTo(
            EmailTemplates.InviterMaxLength + EmailTemplates.HouseholdMaxLength + 40
        );
        message.Subject.ShouldContain("Eve Bcc: victim@example.org invites you to HHHH");
        message.TextBody.ShouldNotContain("\u202e");

        // The German sentence holds the same cleaned names.
        var german = Invite("de");
        german.Subject.ShouldContain("Eve Bcc: victim@example.org l\u00e4dt dich zu \u201eHHHH");
        german.Subject.ShouldNotContain("\n");
        german.TextBody.ShouldNotContain("\u202e");
    }

    /// <summary>The app's templates with its texts, without starting an app.</summary>
    private static EmailTemplates Templates() =>
        new ServiceCollection()
            .AddLogging()
            .AddTexts()
            .AddSingleton<EmailTemplates>()
            .BuildServiceProvider()
            .GetRequiredService<EmailTemplates>();
}
