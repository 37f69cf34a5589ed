using System.Net;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Landing;

/// <summary>The landing page for a browser that asks for German: every word of it in German, still without a
/// circuit.</summary>
public sealed class InviteLandingGermanTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient GermanBrowser()
    {
        var client = env.App.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE,de;q=0.9,en;q=0.5");
        return client;
    }

    [Fact]
    public async Task ValidLink_InGerman_NamesTheHouseholdRoleAndExpiry_AndOffersSignUp_AsAStaticPage()
    {
        var invite = await env.App.CreateInviteAsync($"Lindenhof {Guid.NewGuid():N}", role: "Owner");

        var response = await GermanBrowser().GetAsync(invite.Path, Ct);

        var raw = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(raw);
        html.ShouldContain("<html lang=\"de\"");
        html.ShouldContain($"<title>{invite.HouseholdName} beitreten · HouseholdApp</title>");
        var main = PageText.MainContent(html);
        PageText.InviteState(html).ShouldBe("valid");
        var text = PageText.VisibleText(main);
        text.ShouldContain("Du bist eingeladen in den Haushalt");
        text.ShouldContain("Eingeladen von");
        text.ShouldContain("Deine Rolle");
        text.ShouldContain("du siehst den Haushalt und verwaltest seine Einladungen und Mitglieder");
        text.ShouldContain("noch 7 Tage gültig");
        text.ShouldContain("Konto erstellen und beitreten");
        text.ShouldContain("Du hast schon ein Konto? Melde dich an");
        text.ShouldContain("dann kommst du zum Beitreten hierher zurück.");
        foreach (
            var english in (string[])
                ["You're invited", "Invited by", "Your role", "expires in", "Create account and join", "Password"]
        )
        {
            text.ShouldNotContain(english);
        }

        // The same page as in English: the tests' and the browser's hooks, and no interactive component (no circuit).
        foreach (
            var hook in (string[])
                [
                    "invite-summary",
                    "invite-household",
                    "invite-inviter",
                    "invite-role",
                    "invite-expiry",
                    "signup-form",
                    "signup-submit",
                    "signin-link",
                ]
        )
        {
            main.ShouldContain($"data-test=\"{hook}\"");
        }

        raw.ShouldNotContain("\"type\":\"server\"");
    }

    [Fact]
    public async Task ExpiredLink_InGerman_SaysWhatHappenedAndWhatToDo()
    {
        var invite = await env.App.CreateInviteAsync($"Birkenweg {Guid.NewGuid():N}");
        await env.App.ExpireAsync(invite);

        var response = await GermanBrowser().GetAsync(invite.Path, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Gone);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        PageText.InviteState(html).ShouldBe("expired");
        html.ShouldContain("<title>Einladung abgelaufen · HouseholdApp</title>");
        var main = PageText.MainContent(html);
        main.ShouldContain("data-test=\"invite-dead-end\"");
        var text = PageText.VisibleText(main);
        text.ShouldContain("Dieser Einladungslink ist abgelaufen");
        text.ShouldContain(
            $"Einladung in den Haushalt {invite.HouseholdName} von {TestData.DefaultDisplayName(invite.Owner.Email)}"
        );
        text.ShouldContain("Einladungslinks gelten nur eine Zeit lang, und die ist bei diesem vorbei.");
        text.ShouldContain("Bitte jemanden aus dem Haushalt, dir einen neuen Link zu schicken.");
        text.ShouldContain("Zur Startseite");
        text.ShouldNotContain("expired");
        text.ShouldNotContain("Go to the home page");
    }
}
