namespace HouseholdApp.Features.Invites;

internal static class InvitesSetup
{
    public static IHostApplicationBuilder AddInvites(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InviteOptions>().BindConfiguration(InviteOptions.Section);
        builder.Services.AddSingleton<InviteErrors>();
        builder.Services.AddScoped<InviteManagementService>();
        builder.Services.AddScoped<InviteRedemptionService>();
        builder.Services.AddScoped<InviteSignUpService>();
        builder.Services.AddInviteRateLimiting(builder.Configuration);
        return builder;
    }
}
