using Bunit;
using HouseholdApp.Components.Interactive;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Microsoft.AspNetCore.Components;

namespace HouseholdApp.Tests.Components;

/// <summary>A bUnit context with MudBlazor's services and the interactive pages' own; JavaScript in loose mode.</summary>
public static class MudTestContext
{
    public const string PageModule = "./Components/Interactive/InteractiveProviders.razor.js";

    /// <summary>Use with <c>await using</c>: MudBlazor's services are only asynchronously disposable.</summary>
    public static BunitContext Create()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddScoped<ViewerTimeZone>();
        ctx.Services.AddScoped<BrowserFocus>();
        return ctx;
    }

    /// <summary>Renders a dialog provider (under the given viewer time zone) for dialogs opened through <see cref="IDialogService"/>.</summary>
    public static IRenderedComponent<CascadingValue<TimeZoneInfo>> RenderDialogProvider(this BunitContext ctx, TimeZoneInfo? zone = null) =>
        ctx.Render<CascadingValue<TimeZoneInfo>>(p => p
            .Add(c => c.Value, zone ?? TimeZoneInfo.Utc)
            .AddChildContent<MudDialogProvider>());

    /// <summary>The text a person reads in an element: whitespace collapsed.</summary>
    public static string Text(this AngleSharp.Dom.IElement element) =>
        string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
