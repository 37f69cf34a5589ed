using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Features.Accounts;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Email;

/// <summary>Mail goes out in the recipient's language: the account's saved one, else the asking request's.</summary>
public sealed class MailLanguageTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AccountMail_ToAnAccountThatSavedGerman_IsGerman_WhateverTheRequestSpeaks()
    {
        var mail = await env.MailServerAsync();
        var app = await env.MailAppAsync(requireConfirmedAccount: true);
        var user = await app.CreateUserAsync("deutsch");
        await SaveLanguageAsync(app, user, "de");
        var client = app.CreateBrowserLikeClient();

        var address = FormPost.Fields(("Input.Email", user.Email));
        (
            await client.SubmitFormAsync("/Account/ResendEmailConfirmation", "resend-email-confirmation", address)
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.SubmitFormAsync("/Account/ForgotPassword", "forgot-password", address)).StatusCode.ShouldBe(
            HttpStatusCode.Redirect
        );

        var confirm = await mail.WaitForAsync(user.Email, "Bestätige deine E-Mail-Adresse");
        confirm.Text.ShouldContain("Bitte bestätige, dass diese Adresse zu deinem HouseholdApp-Konto gehört.");
        confirm.Text.ShouldContain("Adresse bestätigen: " + confirm.Link("/Account/ConfirmEmail"));
        var reset = await mail.WaitForAsync(user.Email, "Dein HouseholdApp-Passwort zurücksetzen");
        reset.Text.ShouldContain(
            "Jemand (hoffentlich du) möchte das Passwort deines HouseholdApp-Kontos zurücksetzen."
        );
        reset.Text.ShouldContain("Passwort zurücksetzen: " + reset.Link("/Account/ResetPassword"));
        reset.Text.ShouldContain("ignoriere diese Nachricht einfach – dein Passwort bleibt, wie es ist.");
        reset.Html.ShouldContain("lang=\"de\"");
        reset.Html.ShouldContain("Oder kopiere diese Adresse in deinen Browser:");
        (await mail.MessagesToAsync(user.Email)).ShouldAllBe(m => !m.Text.Contains("HouseholdApp account"));
    }

    [Fact]
    public async Task ForgotPassword_FromAGermanBrowser_MailsGerman_UnlessTheAccountSavedAnotherLanguage()
    {
        var mail = await env.MailServerAsync();
        var app = await env.MailAppAsync();
        var unsaved = await app.CreateUserAsync("browser");
        var english = await app.CreateUserAsync("english");
        await SaveLanguageAsync(app, english, "en");
        var client = app.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE,de;q=0.9");

        foreach (var user in new[] { unsaved, english })
        {
            var address = FormPost.Fields(("Input.Email", user.Email));
            (await client.SubmitFormAsync("/Account/ForgotPassword", "forgot-password", address)).StatusCode.ShouldBe(
                HttpStatusCode.Redirect
            );
        }

        var german = await mail.WaitForAsync(unsaved.Email, "Dein HouseholdApp-Passwort zurücksetzen");
        german.Text.ShouldContain("Passwort zurücksetzen: " + german.Link("/Account/ResetPassword"));
        (await mail.WaitForAsync(english.Email, "Reset your HouseholdApp password")).Text.ShouldContain(
            "Reset password: "
        );
    }

    [Fact]
    public async Task Invitation_SpeaksTheInviteesSavedLanguage_ElseTheSenders_WithTheLanguagesDatePattern()
    {
        var mail = await env.MailServerAsync();
        var clock = TestClock.StartingNow();
        // A link made for one day at 13:05 UTC on 5 December ends at 14:05 in Berlin on the 6th.
        clock.SetUtcNow(new DateTimeOffset(2027, 12, 5, 13, 5, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(
            env.Postgres,
            mail.AppSettings(),
            prefix: "mail-language",
            configureServices: s => s.AddSingleton<TimeProvider>(clock)
        );
        var owner = await app.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync("Haus am See");
        var german = await app.CreateUserAsync("german");
        await SaveLanguageAsync(app, german, "de");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var zones = scope.ServiceProvider.GetRequiredService<TimeZonePreference>();
            (await zones.ChooseAsync(german.UserId, "Europe/Berlin", null, Ct)).IsSuccess.ShouldBeTrue();
        }

        var english = await app.CreateUserAsync("english");
        await SaveLanguageAsync(app, english, "en");
        var stranger = TestData.UniqueEmail("fremd");

        // The owner's request speaks English, then German: only an invitee without an account follows it.
        await MailNewLinkAsync(owner, householdId, german.Email, "en");
        await MailNewLinkAsync(owner, householdId, english.Email, "de");
        await MailNewLinkAsync(owner, householdId, stranger, "de");

        var toGerman = await mail.WaitForAsync(german.Email, "lädt dich zu „Haus am See“ auf HouseholdApp ein");
        toGerman.Text.ShouldContain("lädt dich ein, dem Haushalt „Haus am See“ auf HouseholdApp beizutreten.");
        const string until = "Der Link funktioniert bis 6. Dez. 2027, 14:05 Europe/Berlin.";
        toGerman.Text.ShouldContain(until);
        toGerman.Text.ShouldContain("Dem Haushalt beitreten: " + toGerman.Link("/invites/"));
        toGerman.Html.ShouldContain(WebUtility.HtmlEncode(until));
        var toEnglish = await mail.WaitForAsync(english.Email, "invites you to Haus am See on HouseholdApp");
        toEnglish.Text.ShouldContain("The link works until 6 Dec 2027, 13:05 UTC.");
        var toStranger = await mail.WaitForAsync(stranger, "lädt dich zu „Haus am See“ auf HouseholdApp ein");
        toStranger.Text.ShouldContain("Der Link funktioniert bis 6. Dez. 2027, 13:05 UTC.");
    }

    private static async Task MailNewLinkAsync(TestUser owner, Guid householdId, string email, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/households/{householdId}/invites")
        {
            Content = JsonContent.Create(new { email, expiresIn = "1d" }),
        };
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await owner.Client.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("mailed").GetBoolean().ShouldBeTrue();
    }

    private static async Task SaveLanguageAsync(TestApp app, TestUser user, string language)
    {
        await using var db = app.CreateDbContext();
        (
            await db
                .Users.Where(u => u.Id == user.UserId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, language), Ct)
        ).ShouldBe(1);
    }
}
