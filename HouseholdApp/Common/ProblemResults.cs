using Microsoft.AspNetCore.Http.HttpResults;

namespace HouseholdApp.Common;

/// <summary>The one place where expected failures become HTTP problem+json responses with a stable <c>code</c>.</summary>
public static class ProblemResults
{
    public static int StatusCodeOf(ErrorKind kind) => kind switch
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

    public static IResult ToProblem(this Error error)
    {
        var extensions = new Dictionary<string, object?>(error.Extensions ?? new Dictionary<string, object?>()) { ["code"] = error.Code };
        if (error.Fields is { Count: > 0 } fields)
        {
            return TypedResults.ValidationProblem(
                fields,
                detail: error.Message,
                title: "The request is not valid.",
                extensions: extensions);
        }

        var problem = TypedResults.Problem(
            detail: error.Message,
            statusCode: StatusCodeOf(error.Kind),
            title: TitleOf(error.Kind),
            extensions: extensions);
        return error.RetryAfter is { } wait ? new WithRetryAfter(problem, wait) : problem;
    }

    private sealed class WithRetryAfter(IResult inner, TimeSpan wait) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }

    /// <summary>A problem for a request the framework could not bind (bad JSON, wrong types).</summary>
    public static ProblemHttpResult BadRequest(string code, string message) =>
        TypedResults.Problem(
            detail: message,
            statusCode: StatusCodes.Status400BadRequest,
            title: TitleOf(ErrorKind.Validation),
            extensions: new Dictionary<string, object?> { ["code"] = code });

    public static IResult ToHttpResult<T>(this Result<T> result, Func<T, IResult> onSuccess) =>
        result.IsSuccess ? onSuccess(result.Value!) : result.Error!.ToProblem();

    private static string TitleOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => "The request is not valid.",
        ErrorKind.Malformed => "The request is malformed.",
        ErrorKind.Unauthorized => "Sign-in required.",
        ErrorKind.Forbidden => "Not allowed.",
        ErrorKind.NotFound => "Not found.",
        ErrorKind.Conflict => "Conflict.",
        ErrorKind.Gone => "No longer available.",
        ErrorKind.RateLimited => "Too many requests.",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
