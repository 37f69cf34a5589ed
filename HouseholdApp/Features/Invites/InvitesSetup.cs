using HouseholdApp.Features.Invites.Landing;

namespace HouseholdApp.Features.Invites;

internal static class InvitesSetup
{
    public static IHostApplicationBuilder AddInvites(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InviteOptions>().BindConfiguration(InviteOptions.Section);
        builder.Services.AddScoped<InviteManagementService>();
        builder.Services.AddScoped<InviteRedemptionService>();
        builder.Services.AddScoped<InviteSignUpService>();
        builder.Services.AddInviteRateLimiting(builder.Configuration);
        builder.Services.AddOptions<LandingPageCacheOptions>();
        builder.Services.AddSingleton<LandingPageCache>();
        return builder;
    }

    /// <summary>Signed-out landing pages of usable links from templates; after routing, rate limits, authentication and antiforgery.</summary>
    public static IApplicationBuilder UseLandingPageCache(this IApplicationBuilder app)
    {
        var cache = app.ApplicationServices.GetRequiredService<LandingPageCache>();
        return app.Use((context, next) => cache.InvokeAsync(context, next));
    }
}
