namespace HouseholdApp.Features.Memberships;

internal static class MembershipsSetup
{
    public static IHostApplicationBuilder AddMemberships(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MembershipService>();
        return builder;
    }
}
