using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using HouseholdApp.Common;
using HouseholdApp.Components.Layout;
using HouseholdApp.Features.Activity;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Components;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Households;

/// <summary>A German-speaking household meets no English: pages, API problems, name rules and the history.</summary>
public sealed class HouseholdGermanTests(TestEnvironment env)
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>What a person reads: the page's text with its character references decoded (ü is &amp;#xFC; in the
    /// HTML).</summary>
    private static string Text(string html) => WebUtility.HtmlDecode(PageText.VisibleText(html));

    private static IDisposable German() => LanguagePreference.Use(CultureInfo.GetCultureInfo("de"));

    [Fact]
    public async Task HouseholdPage_InGerman_ShowsGermanHeadingsButtonsAndRoles()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var household = await env.App.CreateHouseholdAsync("Lindenhof", (owner.UserId, HouseholdRole.Owner));
        var client = await env.App.SignedInBrowserClientAsync(owner);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var response = await client.GetAsync($"/households/{household}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = Text(await response.Content.ReadAsStringAsync(Ct));
        text.ShouldContain("Mitglieder (1)");
        text.ShouldContain("Eigentümer");
        text.ShouldContain("Haushaltseinstellungen");
        text.ShouldContain("Haushalt löschen");
        text.ShouldContain("Diesen Haushalt verlassen");
        text.ShouldContain("Du bist der einzige Eigentümer");
        text.ShouldNotContain("Leave household");
    }

    [Fact]
    public async Task HouseholdsPage_InGerman_CountsMembersInGerman()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var other = await env.App.CreateUserAsync("other");
        await env.App.CreateHouseholdAsync("Lindenhof", (owner.UserId, HouseholdRole.Owner));
        await env.App.CreateHouseholdAsync(
            "Birkenweg",
            (owner.UserId, HouseholdRole.Member),
            (other.UserId, HouseholdRole.Owner)
        );
        var client = await env.App.SignedInBrowserClientAsync(owner);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE");

        var text = Text(await client.GetStringAsync("/households", Ct));

        text.ShouldContain("Deine Haushalte");
        text.ShouldContain("1 Mitglied");
        text.ShouldContain("2 Mitglieder");
        text.ShouldContain("Haushalt erstellen");
        text.ShouldNotContain("members");
    }

    [Fact]
    public async Task UnknownHousehold_InGerman_IsNotFoundInGerman()
    {
        var (client, _) = await env.App.SignedInClientAsync();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var response = await client.GetAsync($"/households/{Guid.NewGuid()}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var text = Text(await response.Content.ReadAsStringAsync(Ct));
        text.ShouldContain("Diesen Haushalt finden wir nicht");
        text.ShouldContain("Zu deinen Haushalten");
    }

    [Fact]
    public async Task NotFoundPage_WithTheGermanCultureCookie_IsGerman()
    {
        var client = env.App.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no-such-page");
        request.Headers.Add("Cookie", ".AspNetCore.Culture=c=de|uic=de");

        var response = await client.SendAsync(request, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("<html lang=\"de\"");
        var text = Text(html);
        text.ShouldContain("Diese Seite finden wir nicht");
        text.ShouldContain("Zur Startseite");
        text.ShouldNotContain("We can't find that page");
    }

    [Fact]
    public async Task ApiProblem_InGerman_HasGermanTitleAndDetail_AndTheSameCode()
    {
        var user = await env.App.CreateUserAsync("stranger");
        user.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var response = await user.Client.GetAsync($"/api/v1/households/{Guid.NewGuid()}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "household_not_found");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("title").GetString().ShouldBe("Nicht gefunden.");
        problem
            .GetProperty("detail")
            .GetString()
            .ShouldBe("Es gibt keinen Haushalt mit dieser ID, oder du bist kein Mitglied.");
    }

    [Fact]
    public async Task ApiValidation_InGerman_ExplainsTheNameRuleInGerman()
    {
        var user = await env.App.CreateUserAsync("creator");
        user.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var tooLong = await user.Client.PostAsJsonAsync(
            "/api/v1/households",
            new { name = new string('a', NameRules.HouseholdNameMaxLength + 1) },
            Ct
        );
        var blank = await user.Client.PostAsJsonAsync("/api/v1/households", new { name = " " }, Ct);

        await tooLong.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_name");
        var problem = await tooLong.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("title").GetString().ShouldBe("Die Anfrage ist ungültig.");
        problem.GetProperty("detail").GetString().ShouldBe("Ein Haushaltsname darf höchstens 100 Zeichen lang sein.");
        problem
            .GetProperty("errors")
            .GetProperty("name")[0]
            .GetString()
            .ShouldBe("Ein Haushaltsname darf höchstens 100 Zeichen lang sein.");
        (await blank.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("detail")
            .GetString()
            .ShouldBe("Bitte gib dem Haushalt einen Namen.");
    }

    [Fact]
    public async Task FrameworkProblems_InGerman_HaveAGermanTitle_AndKeepTheirCode()
    {
        var user = await env.App.CreateUserAsync("caller");
        user.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var unknown = await user.Client.GetAsync("/api/v1/no-such-thing", Ct);
        var malformed = await user.Client.PostAsync(
            "/api/v1/households",
            new StringContent("{", System.Text.Encoding.UTF8, "application/json"),
            Ct
        );

        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await unknown.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("title")
            .GetString()
            .ShouldBe("Nicht gefunden");
        await malformed.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        (await malformed.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("detail")
            .GetString()
            .ShouldBe("Der Inhalt der Anfrage ist kein gültiges JSON in der erwarteten Form.");
    }

    [Fact]
    public async Task RateLimitedApiCall_InGerman_IsRefusedInGerman_BeforeAnyoneIsSignedIn()
    {
        await using var app = await TestApp.StartAsync(
            env.Postgres,
            new Dictionary<string, string?>
            {
                ["RateLimiting:Accounts:PermitLimit"] = "1",
                ["RateLimiting:Accounts:WindowSeconds"] = "60",
            },
            "germanlimit"
        );
        var client = app.CreateHttpClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var login = new { email = TestData.UniqueEmail("limited"), password = "wrong-password" };
        await client.PostAsJsonAsync("/api/v1/account/login", login, Ct);

        var limited = await client.PostAsJsonAsync("/api/v1/account/login", login, Ct);

        await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var problem = await limited.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("title").GetString().ShouldBe("Zu viele Anfragen.");
        problem
            .GetProperty("detail")
            .GetString()!
            .ShouldStartWith("Zu viele Versuche aus deinem Netzwerk. Versuch es in ");
    }

    [Fact]
    public async Task RateLimitedPage_InGerman_IsGerman_AndItsDocumentSaysSo()
    {
        await using var app = await TestApp.StartAsync(
            env.Postgres,
            new Dictionary<string, string?>
            {
                ["RateLimiting:InviteLookup:PermitLimit"] = "1",
                ["RateLimiting:InviteLookup:WindowSeconds"] = "300",
            },
            "germanlimitpage"
        );
        var invite = await app.CreateInviteAsync();
        var client = app.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        await client.GetAsync(invite.Path, Ct);

        var limited = await client.GetAsync(invite.Path, Ct);

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var html = WebUtility.HtmlDecode(await limited.Content.ReadAsStringAsync(Ct));
        html.ShouldContain("<html lang=\"de\">");
        html.ShouldContain("Zu viele Versuche – bitte warte einen Moment");
        html.ShouldNotContain("Too many attempts");
    }

    [Fact]
    public async Task ActivityApi_InGerman_WritesTheSentenceInGerman_WithTheSameKind()
    {
        var owner = await env.App.CreateUserAsync("owner");
        var household = await owner.CreateHouseholdAsync("Lindenhof");
        await owner.CreateLinkAsync(household, new { label = "für Oma" });
        owner.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var activity = await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/households/{household}/activity", Ct);

        var entry = activity.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "link_created");
        entry
            .GetProperty("text")
            .GetString()
            .ShouldBe($"{TestData.DefaultDisplayName(owner.Email)} hat den Link „für Oma“ erstellt");
    }

    [Fact]
    public void ActivitySentences_InGerman_ReadAsGerman()
    {
        var texts = TextsInTests.Households;
        var ana = new ActivityPerson("a", "Ana");
        var ben = new ActivityPerson("b", "Ben");
        ActivityEntry Entry(
            ActivityKind kind,
            ActivityPerson? actor,
            ActivityPerson? subject = null,
            string? label = null,
            HouseholdRole? role = null,
            InviteRevokedReason? reason = null
        ) => new(Guid.NewGuid(), kind, DateTimeOffset.UnixEpoch, actor, subject, Guid.NewGuid(), label, role, reason);

        using (German())
        {
            ActivityText
                .Describe(Entry(ActivityKind.Joined, ana, label: "für Oma"), texts)
                .ShouldBe("Ana ist über den Link „für Oma“ beigetreten");
            ActivityText
                .Describe(Entry(ActivityKind.RoleChanged, ana, ben, role: HouseholdRole.Owner), texts)
                .ShouldBe("Ana hat Ben zum Eigentümer gemacht");
            ActivityText
                .Describe(Entry(ActivityKind.Removed, null, null), texts)
                .ShouldBe("Ein ehemaliges Mitglied hat ein ehemaliges Mitglied entfernt");
            ActivityText
                .Describe(Entry(ActivityKind.LinkRevoked, ana, reason: InviteRevokedReason.CreatorLeft), texts)
                .ShouldBe("Ein Link wurde widerrufen: Die Person, die ihn erstellt hat, hat den Haushalt verlassen");
            texts.ActivityHint(90).ShouldBe("Was in den letzten 90 Tagen passiert ist. Das sehen nur Eigentümer.");
        }
    }

    [Fact]
    public void NameRule_InGerman_SaysWhatIsWrongInGerman()
    {
        var texts = TextsInTests.Shared;
        using (German())
        {
            NameRules
                .DisplayName.Check(new string('a', NameRules.DisplayNameMaxLength + 1), texts)
                .Error.ShouldBe("Ein Anzeigename darf höchstens 50 Zeichen lang sein.");
            NameRules
                .InviteLabel.Check("a\u202Eb", texts)
                .Error.ShouldBe("Eine Bezeichnung darf keine Steuerzeichen oder unsichtbaren Zeichen enthalten.");
        }
    }

    [Fact]
    public async Task HouseholdList_InGerman_NamesRolesAndCountsInGerman()
    {
        await using var ctx = ComponentTestContext.Create();
        var flat = new HouseholdSummary(Guid.NewGuid(), "Lindenhof", HouseholdRole.Owner, 1);
        var house = new HouseholdSummary(Guid.NewGuid(), "Birkenweg", HouseholdRole.Member, 3);

        using (German())
        {
            var list = ctx.Render<HouseholdList>(p => p.Add(c => c.Households, [flat, house]));
            var empty = ctx.Render<HouseholdList>(p => p.Add(c => c.Households, []));

            var items = list.FindAll("[data-test=household-item]");
            items[0].QuerySelector("[data-test=household-member-count]")!.Text().ShouldBe("1 Mitglied");
            items[0].QuerySelector("[data-test=role-badge]")!.Text().ShouldBe("Eigentümer");
            items[1].QuerySelector("[data-test=household-member-count]")!.Text().ShouldBe("3 Mitglieder");
            items[1].QuerySelector("[data-test=role-badge]")!.Text().ShouldBe("Mitglied");
            empty.Find("[data-test=no-households]").Text().ShouldContain("Du bist noch in keinem Haushalt.");
        }
    }
}
