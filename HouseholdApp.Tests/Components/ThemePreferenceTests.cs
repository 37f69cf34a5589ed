using System.Net;
using HouseholdApp.Components.Layout;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Components;

/// <summary>The app bar's theme toggle over HTTP: a plain form post that sets a cookie the server renders from.</summary>
public sealed class ThemePreferenceTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Toggle_SetsTheChoice_ThatEveryLaterPageRendersWith_AndComesBack()
    {
        var client = env.App.CreateBrowserLikeClient();
        var first = await client.GetStringAsync("/Account/Login", Ct);
        first.ShouldContain("<meta name=\"color-scheme\" content=\"light dark\" />");
        first.ShouldMatch("<link rel=\"stylesheet\" href=\"/preferences/theme/light.css\\?v=[0-9a-f]{12}\" />");
        first.ShouldMatch("<link rel=\"stylesheet\" href=\"/preferences/theme/dark.css\\?v=[0-9a-f]{12}\" media=\"\\(prefers-color-scheme: dark\\)\" />");

        var toggle = await client.SubmitFormAsync("/Account/Login", $"action:{ThemePreference.TogglePath}", new Dictionary<string, string> { ["mode"] = "dark" });

        toggle.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        toggle.Headers.Location!.ToString().ShouldBe("/Account/Login");
        var after = await client.GetStringAsync("/", Ct);
        after.ShouldContain("<meta name=\"color-scheme\" content=\"dark\" />");
        after.ShouldContain("data-theme-mode=\"dark\"");
        after.ShouldMatch("<link rel=\"stylesheet\" href=\"/preferences/theme/dark.css\\?v=[0-9a-f]{12}\" />");
        after.ShouldNotContain("/preferences/theme/light.css");
    }

    [Fact]
    public async Task Toggle_RefusesToRedirectOffSite_AndAnswersBadInputWithoutAnError()
    {
        var client = env.App.CreateBrowserLikeClient();

        var offSite = await client.PostAsync(ThemePreference.TogglePath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["mode"] = "light", ["returnUrl"] = "//evil.example/",
        }), Ct);
        var notAForm = await client.PostAsync(ThemePreference.TogglePath, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), Ct);
        var nothing = await client.PostAsync(ThemePreference.TogglePath, null, Ct);

        offSite.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        offSite.Headers.Location!.ToString().ShouldBe("/");
        notAForm.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        nothing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PaletteStylesheets_AreMudBlazorsThemeCss_CachedForGood_AndNothingElseIsServed()
    {
        var client = env.App.CreateBrowserLikeClient();
        var html = await client.GetStringAsync("/", Ct);
        var darkUrl = System.Text.RegularExpressions.Regex.Match(html, "/preferences/theme/dark.css\\?v=[0-9a-f]+").Value;

        var dark = await client.GetAsync(darkUrl, Ct);
        var light = await client.GetAsync("/preferences/theme/light.css", Ct);
        var other = await client.GetAsync("/preferences/theme/sepia.css", Ct);

        dark.StatusCode.ShouldBe(HttpStatusCode.OK);
        dark.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        dark.Headers.CacheControl!.ToString().ShouldContain("immutable");
        (await dark.Content.ReadAsStringAsync(Ct)).ShouldContain("--mud-palette-background: rgba(18,24,32,1)");
        (await light.Content.ReadAsStringAsync(Ct)).ShouldContain("--mud-palette-background: rgba(246,248,251,1)");
        other.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
