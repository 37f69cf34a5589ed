using System.Net;
using System.Threading.RateLimiting;
using HouseholdApp.Common;

namespace HouseholdApp.Components.Account;

/// <summary>
/// A per-client-IP budget for signing in and signing up (the pages' form posts and the Identity API). Lockout
/// protects one account from password guessing; this slows one client trying many accounts.
/// </summary>
internal static class AccountRateLimiting
{
    public const string PolicyName = "accounts";

    public static IServiceCollection AddAccountRateLimiting(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        var window = RateLimitWindowOptions.Read(configuration, "RateLimiting:Accounts", 20);
        services.AddRateLimiter(o =>
        {
            // Only attempts count: showing the sign-in page is free.
            o.AddPolicy(PolicyName, context =>
                HttpMethods.IsPost(context.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress ?? IPAddress.None,
                        _ => window.ToLimiterOptions()
                    )
                    : RateLimitPartition.GetNoLimiter<IPAddress>(IPAddress.None)
            );
        });
        return services;
    }
}
