using System.Globalization;
using System.Threading.RateLimiting;
using HouseholdApp.Features.Invites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace HouseholdApp.Common;

/// <summary>How every rate-limit rejection answers: 429 with Retry-After, problem+json for the API, a page for people.</summary>
internal static class RateLimitRejection
{
    public static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";

        if (http.Request.Path.StartsWithSegments(ApiSetup.Prefix))
        {
            await new Error(ErrorKind.RateLimited, "rate_limited",
                $"Too many attempts from your network. Try again in {seconds} seconds.").ToProblem().ExecuteAsync(http);
            return;
        }

        var forInvite = http.Request.Path.StartsWithSegments(InviteLinks.PathPrefix);
        await new RazorComponentResult<RateLimitedPage>(new { RetryAfterSeconds = seconds, ForInvite = forInvite })
        {
            StatusCode = StatusCodes.Status429TooManyRequests,
        }.ExecuteAsync(http);
    }
}
