using System.Net;
using HouseholdApp.Components.Layout;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Tests.Languages;

/// <summary>
/// Which language a page speaks: the app bar's choice (the culture cookie), else the signed-in person's saved one,
/// else the browser's Accept-Language, else English; &lt;html lang&gt; says which.
/// </summary>
public sealed class LanguageChoiceTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APage_SpeaksEnglish_WithoutAnyChoice_AndTheBrowsersLanguage_WhenItIsShipped()
    {
        var client = env.App.CreateHttpClient();

        var english = await PageAsync(client, "/Account/Login");
        var german = await PageAsync(client, "/Account/Login", "de-AT,de;q=0.9,en;q=0.5");
        var unknown = await PageAsync(client, "/Account/Login", "fr-FR,fr;q=0.9");

        english.ShouldContain("<html lang=\"en\">");
        english.ShouldContain("data-test=\"nav-register\"");
        PageText.VisibleText(english).ShouldContain("Create account");
        german.ShouldContain("<html lang=\"de\">");
        PageText.VisibleText(german).ShouldContain("Konto erstellen");
        PageText.VisibleText(german).ShouldContain("Zum Inhalt springen");
        unknown.ShouldContain("<html lang=\"en\">");
    }

    [Fact]
    public async Task ThePicker_SetsTheCultureCookie_WhichWinsOverTheBrowsersLanguage_AndReturnsToThePage()
    {
        var client = env.App.CreateBrowserLikeClient();

        var chosen = await ChooseAsync(client, "de", "/Account/Register?ReturnUrl=%2Fhouseholds");

        chosen.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        chosen.Headers.Location!.OriginalString.ShouldBe("/Account/Register?ReturnUrl=%2Fhouseholds");
        chosen
            .Headers.GetValues("Set-Cookie")
            .ShouldContain(c => c.StartsWith(".AspNetCore.Culture=c%3Dde%7Cuic%3Dde", StringComparison.Ordinal));
        var page = await PageAsync(client, "/Account/Register", "en-US,en;q=0.9");
        page.ShouldContain("<html lang=\"de\">");
        page.ShouldContain("aria-pressed=\"true\" data-test=\"language-de\"");

        await ChooseAsync(client, "en", "/");
        (await PageAsync(client, "/Account/Register", "de")).ShouldContain("<html lang=\"en\">");
    }

    [Theory]
    [InlineData("fr", "/households", "/households")]
    [InlineData("de", "https://elsewhere.example/", "/")]
    [InlineData("de", "//elsewhere.example/", "/")]
    [InlineData("xx-evil;path=/", "/", "/")]
    public async Task ThePicker_RefusesUnknownLanguages_AndNeverRedirectsAway(
        string language,
        string returnUrl,
        string expected
    )
    {
        var client = env.App.CreateHttpClient();

        var response = await ChooseAsync(client, language, returnUrl);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe(expected);
        var setsCulture =
            response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal));
        setsCulture.ShouldBe(language == "de");
    }

    [Fact]
    public async Task ThePicker_WithoutAForm_IsABadRequest()
    {
        var response = await env
            .App.CreateHttpClient()
            .PostAsync(LanguagePreference.ChoosePath, new StringContent("{}"), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AChoiceWhileSignedIn_IsSavedToTheProfile_AndFollowsThePersonToANewDevice()
    {
        var user = await env.App.CreateUserAsync("polyglot", withPassword: true);
        var laptop = await env.App.SignedInBrowserClientAsync(user);

        await ChooseAsync(laptop, "de", "/households");

        await using (var db = env.App.CreateDbContext())
        {
            (await db.Users.Where(u => u.Id == user.UserId).Select(u => u.Language).SingleAsync(Ct)).ShouldBe("de");
        }

        var phone = await env.App.SignedInBrowserClientAsync(user);
        var page = await PageAsync(phone, "/households", "en-GB,en;q=0.9");
        page.ShouldContain("<html lang=\"de\">");
        PageText.VisibleText(page).ShouldContain("Abmelden");
    }

    [Fact]
    public async Task ASignedOutChoice_SavesNothing_AndASavedLanguage_YieldsToThisBrowsersCookie()
    {
        var user = await env.App.CreateUserAsync("cookie-first", withPassword: true);
        await using (var db = env.App.CreateDbContext())
        {
            await db
                .Users.Where(u => u.Id == user.UserId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, "de"), Ct);
        }

        var browser = new CookieContainer();
        await ChooseAsync(env.App.CreateBrowserLikeClient(browser), "en", "/");
        var signedIn = await env.App.SignedInBrowserClientAsync(user, browser);

        (await PageAsync(signedIn, "/households")).ShouldContain("<html lang=\"en\">");
        await using (var db = env.App.CreateDbContext())
        {
            (await db.Users.Where(u => u.Id == user.UserId).Select(u => u.Language).SingleAsync(Ct)).ShouldBe("de");
        }
    }

    private static async Task<HttpResponseMessage> ChooseAsync(HttpClient client, string language, string returnUrl) =>
        await client.PostAsync(
            LanguagePreference.ChoosePath,
            new FormUrlEncodedContent(FormPost.Fields(("language", language), ("returnUrl", returnUrl))),
            Ct
        );

    private static async Task<string> PageAsync(HttpClient client, string path, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        var response = await client.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync(Ct);
    }
}
