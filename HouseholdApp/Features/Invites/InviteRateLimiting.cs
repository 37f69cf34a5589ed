using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using HouseholdApp.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace HouseholdApp.Features.Invites;

public sealed class RateLimitWindowOptions
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// Per-client-IP budgets for everything that takes an invite token: look-ups (landing page GETs, the API's
/// GET) and redemptions (accept, sign-up, the landing page's form posts). With 256-bit tokens guessing is
/// hopeless anyway; the limits keep scanners and floods away from the database.
/// </summary>
public static class InviteRateLimiting
{
    public const string PolicyName = "invites";

    public static IServiceCollection AddInviteRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var lookup = Read(configuration, "RateLimiting:InviteLookup", 30);
        var redeem = Read(configuration, "RateLimiting:InviteRedeem", 10);

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RateLimitRejection.OnRejectedAsync;

            // One policy for the page and the API, so both draw on the same budget; GET/HEAD are look-ups, the rest redemptions.
            o.AddPolicy(PolicyName, context =>
            {
                var client = context.Connection.RemoteIpAddress ?? IPAddress.None;
                var isLookup = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
                var window = isLookup ? lookup : redeem;
                return RateLimitPartition.GetFixedWindowLimiter(
                    (isLookup ? "lookup" : "redeem", client),
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = window.PermitLimit,
                        Window = TimeSpan.FromSeconds(window.WindowSeconds),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
        });
        return services;
    }

    internal static RateLimitWindowOptions Read(IConfiguration configuration, string section, int defaultLimit)
    {
        var options = new RateLimitWindowOptions { PermitLimit = defaultLimit };
        configuration.GetSection(section).Bind(options);
        options.PermitLimit = Math.Max(1, options.PermitLimit);
        options.WindowSeconds = Math.Max(1, options.WindowSeconds);
        return options;
    }
}
