using System.Net;
using System.Text.RegularExpressions;
using HouseholdApp.Components.Layout;
using HouseholdApp.Features.Invites.Landing;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Landing;

/// <summary>
/// Signed-out landing pages of usable links come from templates; these tests hold them to what the Blazor page renders
/// for the same link, byte for byte and header for header, with an app beside it on the same database that renders
/// every page with Blazor.
/// </summary>
public sealed partial class LandingPageCacheTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"[^\"]+\"")]
    private static partial Regex RequestToken();

    [Fact]
    public async Task ATemplatePage_IsExactlyWhatBlazorRenders_ForEveryThemeAndRole_AndAwkwardNames()
    {
        await using var cached = await TestApp.StartAsync(env.Postgres, prefix: "landingcache");
        await using var blazor = new TestApp(cached.ConnectionString, configureServices: s => s.Configure<LandingPageCacheOptions>(o => o.Enabled = false));
        blazor.StartServer();
        var cache = cached.Services.GetRequiredService<LandingPageCache>();
        (await cache.WarmUpAsync(cached.Services)).ShouldBeTrue("every template passed its checks (see the app's warnings)");

        var cases = new[]
        {
            (Household: "Maple Street flat", Inviter: "Sam", Role: "Member"),
            (Household: "Zoë's \"flat\" <b>&amp;</b> 🏠 Ω", Inviter: "<script>alert(1)</script> & Jo", Role: "Owner"),
            (Household: "Haus  Müller ' \\ /", Inviter: "李 小龍", Role: "Member"),
        };
        var compared = 0;
        foreach (var (household, inviter, role) in cases)
        {
            var invite = await cached.CreateInviteAsync(household, role);
            await using (var db = cached.CreateDbContext())
            {
                (await db.Users.Where(u => u.Id == invite.Owner.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, inviter), Ct)).ShouldBe(1);
            }

            foreach (var theme in new[] { null, "light", "dark" })
            {
                var before = cache.TemplateResponses;
                var (fromTemplate, templateHeaders) = await GetAsync(cached, invite.Path, theme);
                cache.TemplateResponses.ShouldBe(before + 1, "the page came from a template");
                var (fromBlazor, blazorHeaders) = await GetAsync(blazor, invite.Path, theme);

                WebUtility.HtmlDecode(fromTemplate).ShouldContain(household);
                WebUtility.HtmlDecode(fromTemplate).ShouldContain(inviter);
                ShouldBeSame(fromTemplate, fromBlazor, $"{household} / {role} / {theme ?? "system"}");
                templateHeaders.ShouldBe(blazorHeaders);
                compared++;
            }
        }

        compared.ShouldBe(9);
    }

    [Fact]
    public async Task EveryOtherLandingRequest_GoesToBlazor()
    {
        // An app of its own: other tests' visits to the shared app would move the count.
        await using var app = await TestApp.StartAsync(env.Postgres, prefix: "landingpaths");
        var cache = app.Services.GetRequiredService<LandingPageCache>();
        (await cache.WarmUpAsync(app.Services)).ShouldBeTrue();
        var invite = await app.CreateInviteAsync("Quiet Lane");
        var expired = await app.CreateInviteAsync("Old Lane", state: TestInviteState.Expired);
        using var client = app.CreateHttpClient();

        var before = cache.TemplateResponses;
        // A dead end, a query string and an in-app (enhanced) navigation: Blazor renders each, from the same look-up.
        (await client.GetAsync(expired.Path, Ct)).StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await client.GetAsync(invite.Path + "?from=mail", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var enhanced = new HttpRequestMessage(HttpMethod.Get, invite.Path);
        enhanced.Headers.TryAddWithoutValidation("Accept", "text/html; blazor-enhanced-nav=on");
        (await client.SendAsync(enhanced, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        cache.TemplateResponses.ShouldBe(before);

        // A signed-in visitor sees the join form, which no template has.
        var member = await app.CreateUserAsync("visitor", withPassword: true);
        using var browser = await app.SignedInBrowserClientAsync(member);
        var page = await (await browser.GetAsync(invite.Path, Ct)).Content.ReadAsStringAsync(Ct);
        page.ShouldContain("data-test=\"join-form\"");
        cache.TemplateResponses.ShouldBe(before);

        (await client.GetAsync(invite.Path, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        cache.TemplateResponses.ShouldBe(before + 1);
    }

    private static async Task<(string Html, string Headers)> GetAsync(TestApp app, string path, string? theme)
    {
        using var client = app.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (theme is not null)
        {
            request.Headers.Add("Cookie", $"{ThemePreference.CookieName}={theme}");
        }

        using var response = await client.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync(Ct);
        // Every answer has its own antiforgery token, and its cookie; the rest must match.
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Date" or "Transfer-Encoding" or "Content-Length"))
            .Select(h => h.Key == "Set-Cookie" ? $"Set-Cookie: {string.Join(", ", h.Value.Select(v => v[..v.IndexOf('=')]))}" : $"{h.Key}: {string.Join(", ", h.Value)}")
            .Order(StringComparer.Ordinal);
        RequestToken().Count(html).ShouldBe(1);
        return (RequestToken().Replace(html, "name=\"__RequestVerificationToken\" value=\"…\""), string.Join("\n", headers));
    }

    private static void ShouldBeSame(string actual, string expected, string what)
    {
        if (actual == expected)
        {
            return;
        }

        var at = 0;
        while (at < actual.Length && at < expected.Length && actual[at] == expected[at])
        {
            at++;
        }

        string Around(string s) => s[Math.Max(0, at - 120)..Math.Min(s.Length, at + 120)];
        throw new ShouldAssertException($"{what}: the template page differs from Blazor's at {at}:\ntemplate: {Around(actual)}\nblazor:   {Around(expected)}");
    }
}
