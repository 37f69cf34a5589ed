using System.Net;
using HouseholdApp.Components.Layout;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Components;

/// <summary>The app bar's theme menu over HTTP: a plain form post that sets a cookie the server renders from.</summary>
public sealed class ThemePreferenceTests(TestEnvironment env)
{
    private const string LightBackground = "--mud-palette-background: rgba(246,248,251,1)";
    private const string DarkBackground = "--mud-palette-background: rgba(18,24,32,1)";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Menu_SetsTheChoice_ThatEveryLaterPageRendersWith_AndFollowingTheSystemComesBack()
    {
        var client = env.App.CreateBrowserLikeClient();
        var first = await client.GetStringAsync("/Account/Login", Ct);
        first.ShouldContain("<meta name=\"color-scheme\" content=\"light\" />");
        first.ShouldContain(LightBackground);
        first.ShouldContain("data-theme-mode=\"system\"");

        var toggle = await client.SubmitFormAsync(
            "/Account/Login",
            $"action:{ThemePreference.TogglePath}",
            new Dictionary<string, string> { ["mode"] = "dark" }
        );

        toggle.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        toggle.Headers.Location!.ToString().ShouldBe("/Account/Login");
        var dark = await client.GetStringAsync("/", Ct);
        dark.ShouldContain("<meta name=\"color-scheme\" content=\"dark\" />");
        dark.ShouldContain("data-theme-mode=\"dark\"");
        dark.ShouldContain(DarkBackground);
        dark.ShouldNotContain(LightBackground);
        // No stylesheet scraped from the theme provider any more: MudThemeProvider writes the theme itself.
        dark.ShouldNotContain("/preferences/theme/dark.css");

        await client.SubmitFormAsync(
            "/",
            $"action:{ThemePreference.TogglePath}",
            new Dictionary<string, string> { ["mode"] = "system" }
        );
        var system = await client.GetStringAsync("/", Ct);
        system.ShouldContain("data-theme-mode=\"system\"");
        system.ShouldContain(LightBackground);
    }

    [Fact]
    public async Task FollowingTheSystem_RendersDark_WhenTheBrowserSaysItsSystemIsDark_WithoutJavaScript()
    {
        var client = env.App.CreateBrowserLikeClient();

        var asked = await client.GetAsync("/Account/Login", Ct);
        var hinted = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        hinted.Headers.Add(ThemePreference.ClientHint, "\"dark\"");
        var withHint = await (await client.SendAsync(hinted, Ct)).Content.ReadAsStringAsync(Ct);

        // The page asks for the standard client hint, but never has a first visit repeated for it (Critical-CH).
        asked.Headers.GetValues("Accept-CH").ShouldContain(ThemePreference.ClientHint);
        asked.Headers.Contains("Critical-CH").ShouldBeFalse();
        asked.Headers.Vary.ShouldContain(ThemePreference.ClientHint);
        withHint.ShouldContain(DarkBackground);
        withHint.ShouldContain("<meta name=\"color-scheme\" content=\"dark\" />");
    }

    [Fact]
    public async Task FollowingTheSystem_UsesTheScriptsCookie_WhereTheBrowserSendsNoHint_AndAChoiceOutranksBoth()
    {
        var cookies = new CookieContainer();
        var client = env.App.CreateBrowserLikeClient(cookies);
        cookies.Add(env.App.BaseAddress, new Cookie(ThemePreference.SystemCookieName, "dark"));

        var followed = await client.GetStringAsync("/Account/Login", Ct);
        cookies.Add(env.App.BaseAddress, new Cookie(ThemePreference.CookieName, "light"));
        var chosen = await client.GetStringAsync("/Account/Login", Ct);

        followed.ShouldContain(DarkBackground);
        followed.ShouldContain("Components/Layout/ThemeToggle.");
        chosen.ShouldContain(LightBackground);
        chosen.ShouldNotContain("Components/Layout/ThemeToggle.");
    }

    [Fact]
    public async Task Menu_RefusesToRedirectOffSite_AndAnswersBadInputWithoutAnError()
    {
        var client = env.App.CreateBrowserLikeClient();

        var offSite = await client.PostAsync(
            ThemePreference.TogglePath,
            new FormUrlEncodedContent(
                new Dictionary<string, string> { ["mode"] = "light", ["returnUrl"] = "//evil.example/" }
            ),
            Ct
        );
        var notAForm = await client.PostAsync(
            ThemePreference.TogglePath,
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            Ct
        );
        var nothing = await client.PostAsync(ThemePreference.TogglePath, null, Ct);

        offSite.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        offSite.Headers.Location!.ToString().ShouldBe("/");
        notAForm.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        nothing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public void ProjectFile_LeavesWwwrootToTheSdk_RemovingNoContent()
    {
        var project = File.ReadAllText(Path.Combine(Paths.RepositoryRoot, "HouseholdApp", "HouseholdApp.csproj"));

        project.ShouldNotContain("Content Remove");
        project.ShouldNotContain("_framework");
    }
}
