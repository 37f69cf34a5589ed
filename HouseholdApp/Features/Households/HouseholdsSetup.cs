namespace HouseholdApp.Features.Households;

internal static class HouseholdsSetup
{
    public static IHostApplicationBuilder AddHouseholds(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<HouseholdAccess>();
        builder.Services.AddScoped<HouseholdService>();
        builder.Services.AddScoped<Activity.ActivityService>();
        builder.Services.AddSingleton<HouseholdEvents>();
        return builder;
    }
}
