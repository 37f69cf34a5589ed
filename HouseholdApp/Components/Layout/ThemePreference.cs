using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using MudBlazor;

namespace HouseholdApp.Components.Layout;

/// <summary>Light or dark as the visitor chose it in the app bar; without a choice the page follows the system.</summary>
public enum ThemeMode
{
    System,
    Light,
    Dark,
}

/// <summary>
/// The theme choice lives in a cookie read on the server, so static pages (and pages with JavaScript off) render in
/// the chosen mode from the first byte; the app bar's toggle is a plain form post that sets it.
/// </summary>
public static class ThemePreference
{
    public const string CookieName = "HouseholdApp.Theme";
    public const string TogglePath = "/preferences/theme";

    private const string StylesheetRoute = "/preferences/theme/{palette}.css";

    private static readonly ConcurrentDictionary<bool, Task<ThemeStylesheet>> Stylesheets = new();

    public static ThemeMode Read(HttpContext? context) =>
        context?.Request.Cookies[CookieName] switch
        {
            "light" => ThemeMode.Light,
            "dark" => ThemeMode.Dark,
            _ => ThemeMode.System,
        };

    public static IEndpointRouteBuilder MapThemePreference(this IEndpointRouteBuilder endpoints)
    {
        // No antiforgery on purpose: the worst a forged post can do is switch someone's colours, and leaving
        // the token out keeps every page (the invite landing page above all) free of its cost.
        endpoints.MapPost(TogglePath, (Delegate)SetAsync).DisableAntiforgery().ExcludeFromDescription();
        endpoints.MapGet(StylesheetRoute, (Delegate)StylesheetAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> SetAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return TypedResults.BadRequest();
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var mode = form["mode"].ToString();
        if (mode is "light" or "dark")
        {
            context.Response.Cookies.Append(CookieName, mode, new CookieOptions
            {
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
            });
        }
        else
        {
            context.Response.Cookies.Delete(CookieName);
        }

        return TypedResults.Redirect(LocalOrHome(form["returnUrl"].ToString()));
    }

    /// <summary>Only a path on this site: the toggle must never become an open redirect.</summary>
    internal static string LocalOrHome(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl) ? url : "/";

    /// <summary>
    /// One palette's CSS exactly as MudThemeProvider writes it, rendered once per process and served as a stylesheet
    /// whose address carries a hash of its content: pages link it instead of writing 12 kB of theme on every request.
    /// </summary>
    public static Task<ThemeStylesheet> GetStylesheetAsync(IServiceProvider services, bool dark) =>
        Stylesheets.GetOrAdd(dark, d => RenderPaletteAsync(services, d));

    private static async Task<IResult> StylesheetAsync(HttpContext context, string palette)
    {
        if (palette is not ("light" or "dark"))
        {
            return TypedResults.NotFound();
        }

        var sheet = await GetStylesheetAsync(context.RequestServices, palette == "dark");
        // The address changes with the content, so browsers may keep it for good.
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.Text(sheet.Css, "text/css; charset=utf-8");
    }

    private static async Task<ThemeStylesheet> RenderPaletteAsync(IServiceProvider services, bool dark)
    {
        await using var scope = services.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<MudThemeProvider>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.Theme)] = AppTheme.Theme,
                [nameof(MudThemeProvider.IsDarkMode)] = dark,
            }));
            return output.ToHtmlString();
        });
        var css = StyleContent(html);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(css)))[..12];
        return new ThemeStylesheet($"/preferences/theme/{(dark ? "dark" : "light")}.css?v={hash}", css);
    }

    internal static string StyleContent(string html)
    {
        var css = new System.Text.StringBuilder();
        var at = 0;
        while ((at = html.IndexOf("<style", at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var start = html.IndexOf('>', at) + 1;
            var end = html.IndexOf("</style>", start, StringComparison.OrdinalIgnoreCase);
            css.Append(System.Net.WebUtility.HtmlDecode(html[start..end])).Append('\n');
            at = end;
        }

        return css.ToString();
    }
}

/// <summary>A palette's stylesheet: its versioned address and its CSS.</summary>
public sealed record ThemeStylesheet(string Url, string Css);
