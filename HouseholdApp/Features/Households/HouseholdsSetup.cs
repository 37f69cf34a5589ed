namespace HouseholdApp.Features.Households;

internal static class HouseholdsSetup
{
    public static IHostApplicationBuilder AddHouseholds(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<HouseholdService>();
        return builder;
    }
}
