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
        first.ShouldContain($"href=\"{ThemePreference.DarkStylesheetPath}\"");

        var toggle = await client.SubmitFormAsync("/Account/Login", $"action:{ThemePreference.TogglePath}", new Dictionary<string, string> { ["mode"] = "dark" });

        toggle.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        toggle.Headers.Location!.ToString().ShouldBe("/Account/Login");
        var after = await client.GetStringAsync("/", Ct);
        after.ShouldContain("<meta name=\"color-scheme\" content=\"dark\" />");
        after.ShouldContain("data-theme-mode=\"dark\"");
        after.ShouldNotContain($"href=\"{ThemePreference.DarkStylesheetPath}\"");
        after.ShouldContain("--mud-palette-background: rgba(18,24,32,1)");
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
    public async Task DarkStylesheet_IsTheDarkPalette()
    {
        var client = env.App.CreateBrowserLikeClient();

        var response = await client.GetAsync(ThemePreference.DarkStylesheetPath, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("--mud-palette-background: rgba(18,24,32,1)");
    }
}
