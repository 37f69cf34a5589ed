using System.Diagnostics;
using Microsoft.AspNetCore.Components.Endpoints;

namespace HouseholdApp.Components.Layout;

/// <summary>What the visitor chose in the app bar: follow the system (the default), or always light or dark.</summary>
public enum ThemeMode
{
    System,
    Light,
    Dark,
}

/// <summary>
/// The theme choice lives in a cookie read on the server, so static pages (and pages with JavaScript off) render in
/// the chosen mode from the first byte; the app bar's menu is a plain form post that sets it. While the system
/// decides, the browser says which mode it shows through the standard client hint <c>Sec-CH-Prefers-Color-Scheme</c>
/// (Chromium, from its second request to the app on), or, where it has no such hint, through a small cookie that
/// ThemeToggle.razor.js writes.
/// </summary>
public static class ThemePreference
{
    public const string CookieName = "HouseholdApp.Theme";
    public const string SystemCookieName = "HouseholdApp.SystemTheme";
    public const string TogglePath = "/preferences/theme";
    public const string ClientHint = "Sec-CH-Prefers-Color-Scheme";

    public static ThemeMode Read(HttpContext? context) =>
        context?.Request.Cookies[CookieName] switch
        {
            "light" => ThemeMode.Light,
            "dark" => ThemeMode.Dark,
            _ => ThemeMode.System,
        };

    /// <summary>Whether this response renders the dark palette.</summary>
    public static bool IsDark(HttpContext? context) =>
        Read(context) switch
        {
            ThemeMode.Light => false,
            ThemeMode.Dark => true,
            ThemeMode.System => SystemPrefersDark(context),
            _ => throw new UnreachableException(),
        };

    /// <summary>The system's mode as the browser reports it; light when it says nothing.</summary>
    public static bool SystemPrefersDark(HttpContext? context)
    {
        if (context is null)
        {
            return false;
        }

        // A structured-header string: "dark" with its quotes.
        var hint = context.Request.Headers[ClientHint].ToString().Trim().Trim('"');
        return hint.Length > 0 ? hint == "dark" : context.Request.Cookies[SystemCookieName] == "dark";
    }

    public static IEndpointRouteBuilder MapThemePreference(this WebApplication app)
    {
        app.Use(
            (context, next) =>
            {
                if (context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
                {
                    return next(context);
                }

                // Ask for the client hint: Chromium sends it from the next request on. No Critical-CH, which would have
                // it repeat every first visit (an invite link opened on a phone above all) just to learn the mode; that
                // first page follows the script's cookie instead (ThemeToggle.razor.js).
                var headers = context.Response.Headers;
                headers.Append("Accept-CH", ClientHint);
                headers.Append("Vary", ClientHint);
                return next(context);
            }
        );

        // No antiforgery on purpose: the worst a forged post can do is switch someone's colours, and leaving
        // the token out keeps every page (the invite landing page above all) free of its cost.
        app.MapPost(TogglePath, (Delegate)SetAsync).DisableAntiforgery().ExcludeFromDescription();
        return app;
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
            context.Response.Cookies.Append(
                CookieName,
                mode,
                new CookieOptions
                {
                    HttpOnly = true,
                    IsEssential = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = context.Request.IsHttps,
                    MaxAge = TimeSpan.FromDays(365),
                }
            );
        }
        else
        {
            // "system", or anything else: back to following the system.
            context.Response.Cookies.Delete(CookieName);
        }

        return TypedResults.Redirect(LocalOrHome(form["returnUrl"].ToString()));
    }

    /// <summary>Only a path on this site: the toggle must never become an open redirect.</summary>
    internal static string LocalOrHome(string? url) =>
        url is { Length: > 0 }
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl)
            ? url
            : "/";
}
