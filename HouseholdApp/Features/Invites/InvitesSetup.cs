namespace HouseholdApp.Features.Invites;

internal static class InvitesSetup
{
    public static IHostApplicationBuilder AddInvites(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InviteOptions>().BindConfiguration(InviteOptions.Section);
        builder.Services.AddScoped<InviteService>();
        builder.Services.AddInviteRateLimiting(builder.Configuration);
        return builder;
    }
}
