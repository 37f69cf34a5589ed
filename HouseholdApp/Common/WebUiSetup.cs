using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using MudBlazor.Services;

namespace HouseholdApp.Common;

internal static class WebUiSetup
{
    public static WebApplicationBuilder AddWebUi(this WebApplicationBuilder builder)
    {
        // Serve build output as well as published output in every environment: without the static web
        // assets manifest, an unpublished build answers its precompressed assets with empty bodies.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<HouseholdApp.Components.Interactive.ViewerTimeZone>();
        builder.Services.AddScoped<HouseholdApp.Components.Interactive.BrowserFocus>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddRateLimiting();
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "HouseholdApp.Antiforgery");

        // Sign-in cookies, bearer tokens and antiforgery tokens are protected with these keys: keeping them in a
        // known folder lets sessions survive restarts (and lets several instances share them).
        var keysDirectory = builder.Configuration["DataProtection:KeysDirectory"];
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("HouseholdApp");
        if (!string.IsNullOrWhiteSpace(keysDirectory))
        {
            dataProtection.PersistKeysToFileSystem(Directory.CreateDirectory(keysDirectory));
        }
        return builder;
    }

    /// <summary>The middleware pipeline, in order; routing and authentication are placed explicitly so that
    /// security headers, forwarded client addresses and rate limits apply before anything can answer.</summary>
    public static WebApplication UseWebUi(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseConfiguredForwardedHeaders();
        app.UseRequestLogging();
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        // Pages get a friendly not-found page; the API gets problem+json for empty error responses.
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments(ApiSetup.Prefix),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(ApiSetup.Prefix),
            api => api.UseStatusCodePages());
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        return app;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
