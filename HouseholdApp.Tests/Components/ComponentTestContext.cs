using Bunit;
using HouseholdApp.Common;
using HouseholdApp.Components.Interactive;
using HouseholdApp.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace HouseholdApp.Tests.Components;

/// <summary>
/// The bUnit context every component test starts from: MudBlazor's services registered, its JavaScript calls
/// answered loosely, the interactive pages' own services, and an HTTP request (with optional cookies) for
/// components that read one on the server.
/// Dispose it with <c>await using</c>: some of MudBlazor's services are only asynchronously disposable.
/// </summary>
public static class ComponentTestContext
{
    public const string PageModule = "./Components/Interactive/InteractiveProviders.razor.js";

    public static BunitContext Create(ThemeMode theme = ThemeMode.System)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.Services.AddTexts();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddScoped<ViewerTimeZone>();
        ctx.Services.AddScoped<BrowserFocus>();
        var http = new DefaultHttpContext();
        if (theme != ThemeMode.System)
        {
            http.Request.Headers.Cookie = $"{ThemePreference.CookieName}={theme.ToString().ToLowerInvariant()}";
        }

        ctx.Services.AddSingleton<IHttpContextAccessor>(new HttpContextAccessor { HttpContext = http });
        return ctx;
    }

    /// <summary>Renders a dialog provider (under the given viewer time zone) for dialogs opened through <see
    /// cref="IDialogService"/>.</summary>
    public static IRenderedComponent<CascadingValue<TimeZoneInfo>> RenderDialogProvider(
        this BunitContext ctx,
        TimeZoneInfo? zone = null
    ) =>
        ctx.Render<CascadingValue<TimeZoneInfo>>(p =>
            p.Add(c => c.Value, zone ?? TimeZoneInfo.Utc).AddChildContent<MudDialogProvider>()
        );

    /// <summary>The text a person reads in an element, with runs of white space folded.</summary>
    public static string Text(this AngleSharp.Dom.IElement element) =>
        string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
