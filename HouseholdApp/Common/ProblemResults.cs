namespace HouseholdApp.Common;

/// <summary>The one place where expected failures become HTTP problem+json responses with a stable
/// <c>code</c>.</summary>
public static class ProblemResults
{
    public static int StatusCodeOf(ErrorKind kind) =>
        kind switch
        {
            ErrorKind.Validation => StatusCodes.Status400BadRequest,
            ErrorKind.Malformed => StatusCodes.Status400BadRequest,
            ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            ErrorKind.Gone => StatusCodes.Status410Gone,
            ErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

    /// <summary>
    /// The problem for <paramref name="error"/>: its message is the <c>detail</c> (made in the reader's language by the
    /// service that refused), the <c>title</c> names its kind in the request's language as the response is written.
    /// </summary>
    public static IResult ToProblem(this Error error) => new LocalizedProblem(error);

    private sealed class LocalizedProblem(Error error) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodeOf(error.Kind);

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var texts = httpContext.RequestServices.GetRequiredService<SharedTexts>();
            var extensions = new Dictionary<string, object?>(error.Extensions ?? new Dictionary<string, object?>())
            {
                ["code"] = error.Code,
            };
            if (error.Fields is { Count: > 0 } fields)
            {
                return TypedResults
                    .ValidationProblem(
                        fields,
                        detail: error.Message,
                        title: texts.ProblemTitle(ErrorKind.Validation),
                        extensions: extensions
                    )
                    .ExecuteAsync(httpContext);
            }

            if (error.RetryAfter is { } wait)
            {
                httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    .ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return TypedResults
                .Problem(
                    detail: error.Message,
                    statusCode: StatusCodeOf(error.Kind),
                    title: texts.ProblemTitle(error.Kind),
                    extensions: extensions
                )
                .ExecuteAsync(httpContext);
        }
    }

    public static IResult ToHttpResult<T>(this Result<T> result, Func<T, IResult> onSuccess) =>
        result.IsSuccess ? onSuccess(result.Value!) : result.Error!.ToProblem();
}
