using System.Net;
using System.Text.RegularExpressions;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HouseholdApp.Tests.Performance;

/// <summary>What a phone downloads for an invite link: compressed, long-cached assets, and only those the page
/// uses.</summary>
public sealed partial class PageWeightTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Static assets carry a 10-character fingerprint before their extension (MudBlazor.min.002nf0s2a2.css).
    [GeneratedRegex(@"\.[a-z0-9]{10}(\.razor)?\.(css|js)$")]
    private static partial Regex Fingerprinted();

    [GeneratedRegex("""<(?:link[^>]*\brel="stylesheet"[^>]*\bhref|script[^>]*\bsrc)="([^"]+)"[^>]*>""")]
    private static partial Regex LinkedAsset();

    private static List<string> LinkedAssets(string html) =>
        LinkedAsset().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [Fact]
    public async Task LandingPage_LinksOnlyCompressedAssets_AndFingerprintedOnesAreCachedForGood()
    {
        var invite = await env.App.CreateInviteAsync("Compressed Cottage");
        using var client = env.App.CreateHttpClient();

        var html = await client.GetStringAsync(invite.Path, Ct);
        var assets = LinkedAssets(html);

        assets.ShouldContain(
            a => a.Contains("MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal),
            $"the landing page links MudBlazor's stylesheet; it linked: {string.Join(", ", assets)}"
        );
        foreach (var asset in assets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, asset.StartsWith('/') ? asset : "/" + asset);
            request.Headers.AcceptEncoding.ParseAdd("br, gzip");
            using var response = await client.SendAsync(request, Ct);

            response.StatusCode.ShouldBe(HttpStatusCode.OK, asset);
            response.Content.Headers.ContentEncoding.ShouldHaveSingleItem(asset).ShouldBeOneOf("br", "gzip");
            var body = await response.Content.ReadAsByteArrayAsync(Ct);
            body.Length.ShouldBe((int)response.Content.Headers.ContentLength!.Value, asset);
            // The body really is what the header says (a gzip stream starts with 1f 8b; brotli has no magic number).
            if (response.Content.Headers.ContentEncoding.Single() == "gzip")
            {
                body.Take(2).ShouldBe(new byte[] { 0x1f, 0x8b }, asset);
            }
            else
            {
                body.Take(2).ShouldNotBe(new byte[] { 0x1f, 0x8b }, asset);
            }

            if (Fingerprinted().IsMatch(new Uri(client.BaseAddress!, asset).AbsolutePath))
            {
                var caching = response.Headers.CacheControl.ShouldNotBeNull(asset);
                caching.MaxAge.ShouldNotBeNull(asset).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromDays(365), asset);
                response.Headers.CacheControl!.Extensions.ShouldContain(e => e.Name == "immutable", asset);
            }
        }
    }

    [Fact]
    public async Task LandingPage_LinksNoBlazorOrMudBlazorScript_WhileTheInteractiveHouseholdsPageDoes()
    {
        var invite = await env.App.CreateInviteAsync("Script Free Flat");
        using var anonymous = env.App.CreateHttpClient();
        var (signedIn, _) = await env.App.SignedInClientAsync("scripts");

        var landing = LinkedAssets(await anonymous.GetStringAsync(invite.Path, Ct));
        var households = LinkedAssets(await signedIn.GetStringAsync("/households", Ct));

        landing.ShouldNotContain(
            a => a.Contains("_framework/blazor.web", StringComparison.Ordinal),
            string.Join(", ", landing)
        );
        landing.ShouldNotContain(
            a => a.Contains("MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".js", StringComparison.Ordinal),
            string.Join(", ", landing)
        );
        households.ShouldContain(
            a => a.Contains("_framework/blazor.web", StringComparison.Ordinal),
            string.Join(", ", households)
        );
        households.ShouldContain(
            a => a.Contains("MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".js", StringComparison.Ordinal),
            string.Join(", ", households)
        );
    }

    [Fact]
    public async Task LandingPage_InLightMode_FetchesNeitherADarkPaletteNorAScriptItDoesNotRun_AndIsStyled()
    {
        var invite = await env.App.CreateInviteAsync("Light House");
        await using var context = await Infrastructure.Browser.NewContextAsync(
            env.App,
            new() { ColorScheme = ColorScheme.Light }
        );
        var page = await context.NewPageAsync();
        var requested = new List<string>();
        var failed = new List<string>();
        page.Request += (_, request) =>
        {
            lock (requested)
            {
                requested.Add(request.Url);
            }
        };
        page.RequestFailed += (_, request) =>
        {
            lock (failed)
            {
                failed.Add($"{request.Url}: {request.Failure}");
            }
        };

        await page.OpenAsync(invite.Path);
        await BrowserFlows.WaitForLoadAsync(page);
        await Expect(page.Locator("main#main")).ToHaveAttributeAsync("data-invite-state", "valid");

        List<string> seen;
        lock (requested)
        {
            seen = [.. requested];
        }

        seen.ShouldNotContain(u => u.Contains("dark", StringComparison.OrdinalIgnoreCase), string.Join(", ", seen));
        seen.ShouldNotContain(u => u.Contains("blazor.web", StringComparison.Ordinal), string.Join(", ", seen));
        seen.ShouldNotContain(
            u => u.Contains("MudBlazor.min.", StringComparison.Ordinal) && u.EndsWith(".js", StringComparison.Ordinal),
            string.Join(", ", seen)
        );
        lock (failed)
        {
            failed.ShouldBeEmpty();
        }

        // Every stylesheet arrived and decoded: MudBlazor's layout and the theme's palette apply.
        var styled = await page.EvaluateAsync<bool>(
            """
            () => [...document.styleSheets].every(s => {
                try { return s.cssRules.length > 0; } catch { return false; }
              })
              && getComputedStyle(document.body).getPropertyValue('--mud-palette-primary').trim() !== ''
              && getComputedStyle(document.querySelector('.mud-appbar')).display !== 'inline'
            """
        );
        styled.ShouldBeTrue("every stylesheet loaded and applies");
    }
}
