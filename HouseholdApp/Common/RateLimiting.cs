using System.Globalization;
using System.Threading.RateLimiting;
using HouseholdApp.Features.Invites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Common;

/// <summary>A fixed window's budget, bound from a configuration section such as RateLimiting:InviteLookup.</summary>
public sealed class RateLimitWindowOptions
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; } = 60;

    public static RateLimitWindowOptions Read(IConfiguration configuration, string section, int defaultLimit)
    {
        var options = new RateLimitWindowOptions { PermitLimit = defaultLimit };
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException)
        {
            // A value that is not a number: the start-up check (Common/Settings) names it and the app does not start.
        }

        return options;
    }

    public FixedWindowRateLimiterOptions ToLimiterOptions() =>
        new()
        {
            PermitLimit = PermitLimit,
            Window = TimeSpan.FromSeconds(WindowSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
}

/// <summary>What every rate-limit policy shares; the features add their own policies.</summary>
internal static class RateLimiting
{
    public static IServiceCollection AddRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
        });

    /// <summary>How every rejection answers: 429 with Retry-After, problem+json for the API, a page for
    /// people.</summary>
    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? wait
            : TimeSpan.FromSeconds(60);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";

        // The limiter answers before the localization middleware (limits apply before anything else runs), so that
        // middleware runs here, around the answer: the page (and its lang) and the API's detail come in the language
        // any request gets (the cookie or the browser's; nobody is signed in yet at this point).
        var localization = new RequestLocalizationMiddleware(
            _ => AnswerAsync(http, seconds),
            http.RequestServices.GetRequiredService<IOptions<RequestLocalizationOptions>>(),
            http.RequestServices.GetRequiredService<ILoggerFactory>()
        );
        await localization.Invoke(http);
    }

    private static async Task AnswerAsync(HttpContext http, int seconds)
    {
        if (http.Request.Path.StartsWithSegments(ApiSetup.Prefix))
        {
            var texts = http.RequestServices.GetRequiredService<SharedTexts>();
            await new Error(ErrorKind.RateLimited, "rate_limited", texts.RateLimited(seconds))
                .ToProblem()
                .ExecuteAsync(http);
            return;
        }

        var forInvite = http.Request.Path.StartsWithSegments(InviteLinks.PathPrefix);
        await new RazorComponentResult<RateLimitedPage>(new { RetryAfterSeconds = seconds, ForInvite = forInvite })
        {
            StatusCode = StatusCodes.Status429TooManyRequests,
        }.ExecuteAsync(http);
    }
}
