using System.Net;
using System.Threading.RateLimiting;
using HouseholdApp.Common;

namespace HouseholdApp.Features.Invites;

/// <summary>
/// Per-client-IP budgets for everything that takes an invite token: look-ups (landing page GETs, the API's
/// GET) and redemptions (accept, sign-up, the landing page's form posts). With 256-bit tokens guessing is
/// hopeless anyway; the limits keep scanners and floods away from the database.
/// </summary>
public static class InviteRateLimiting
{
    public const string PolicyName = "invites";

    public static IServiceCollection AddInviteRateLimiting(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        var lookup = RateLimitWindowOptions.Read(configuration, "RateLimiting:InviteLookup", 30);
        var redeem = RateLimitWindowOptions.Read(configuration, "RateLimiting:InviteRedeem", 10);

        services.AddRateLimiter(o =>
        {
            // One policy for the page and the API, so both draw on the same budget; GET/HEAD are look-ups, the rest
            // redemptions.
            o.AddPolicy(PolicyName, context =>
            {
                var client = context.Connection.RemoteIpAddress ?? IPAddress.None;
                var isLookup = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
                var window = isLookup ? lookup : redeem;
                return RateLimitPartition.GetFixedWindowLimiter((isLookup ? "lookup" : "redeem", client), _ =>
                    window.ToLimiterOptions()
                );
            });
        });
        return services;
    }
}
