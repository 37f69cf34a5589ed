using Bunit;
using HouseholdApp.Components.Layout;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace HouseholdApp.Tests.Components;

/// <summary>
/// The bUnit context every component test starts from: MudBlazor's services registered, its JavaScript calls
/// answered loosely, and an HTTP request (with optional cookies) for components that read one on the server.
/// Dispose it with <c>await using</c>: some of MudBlazor's services are only asynchronously disposable.
/// </summary>
public static class ComponentTestContext
{
    public static BunitContext Create(ThemeMode theme = ThemeMode.System)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var http = new DefaultHttpContext();
        if (theme != ThemeMode.System)
        {
            http.Request.Headers.Cookie = $"{ThemePreference.CookieName}={theme.ToString().ToLowerInvariant()}";
        }

        ctx.Services.AddSingleton<IHttpContextAccessor>(new HttpContextAccessor { HttpContext = http });
        return ctx;
    }

    /// <summary>The text a person reads in an element, with runs of white space folded.</summary>
    public static string Text(this AngleSharp.Dom.IElement element) =>
        string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
