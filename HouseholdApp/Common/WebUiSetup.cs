using HouseholdApp.Components.Layout;
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
        // Outside Development, build output is served as published output is: with the build's headers (fingerprinted
        // assets cached immutable) and its precompressed files. By default the framework re-reads each asset of build
        // output per request to notice edits, and then sends it uncached and uncompressed.
        if (!builder.Environment.IsDevelopment())
        {
            builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        }

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.AddLanguages();
        builder.Services.AddScoped<HouseholdApp.Components.Interactive.ViewerTimeZone>();
        builder.Services.AddScoped<HouseholdApp.Features.Accounts.TimeZonePreference>();
        builder.Services.AddScoped<HouseholdApp.Components.Interactive.BrowserFocus>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddRateLimiting();
        // Secure whenever the request is HTTPS, directly or as reported by a listed proxy (X-Forwarded-Proto).
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "HouseholdApp.Antiforgery";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return builder;
    }

    /// <summary>The middleware pipeline, in order; routing and authentication are placed explicitly so that
    /// security headers, forwarded client addresses and rate limits apply before anything can answer.</summary>
    public static WebApplication UseWebUi(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseConfiguredForwardedHeaders();
        app.UseRequestLogging();
        app.UseHeadAsGet();
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        // Pages get a friendly not-found page; the API gets problem+json for empty error responses.
        // Not for health probes: a probe's 405 keeps its empty body.
        app.UseWhen(
            context =>
                !context.Request.Path.StartsWithSegments(ApiSetup.Prefix)
                && !context.Request.Path.StartsWithSegments("/health"),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true)
        );
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(ApiSetup.Prefix),
            api => api.UseStatusCodePages()
        );
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseLanguages();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapThemePreference();
        app.MapLanguagePreference();
        return app;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        // Probes are never rate limited: a load balancer asks often, from one address. They only read (HEAD runs as
        // GET).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .DisableRateLimiting()
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        app.MapHealthChecks(
                "/health/ready",
                new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }
            )
            .DisableRateLimiting()
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        return app;
    }
}
