using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Npgsql;

namespace HouseholdApp.Common;

/// <summary>
/// The last two exception handlers: a database that is down or out of connections answers 503 with Retry-After
/// (problem+json <c>database_unavailable</c> for the API, a page for people), and any other exception an API call
/// did not expect answers 500 problem+json <c>internal_error</c> with a trace id. Pages fall through to /Error.
/// </summary>
internal static partial class ErrorHandling
{
    public const int RetryAfterSeconds = 5;

    public static IServiceCollection AddErrorHandling(this IServiceCollection services)
    {
        // Registration order is the order handlers are tried in, after the ones registered before (bad requests).
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.AddExceptionHandler<UnexpectedApiErrorHandler>();
        return services;
    }

    /// <summary>
    /// True when the exception means "the database cannot serve us right now" rather than "this request is wrong":
    /// refused or broken connections, a pool that had no connection within its timeout, a server that is starting,
    /// shutting down or out of connection slots, and a transaction PostgreSQL aborted as a deadlock or serialization
    /// failure that got this far (past any retries of its own): it was rolled back, and trying again later can work.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case PostgresException pg:
                    return pg.SqlState
                            is PostgresErrorCodes.TooManyConnections
                                or PostgresErrorCodes.AdminShutdown
                                or PostgresErrorCodes.CrashShutdown
                                or PostgresErrorCodes.CannotConnectNow
                                or PostgresErrorCodes.ConfigurationLimitExceeded
                                or PostgresErrorCodes.DeadlockDetected
                                or PostgresErrorCodes.SerializationFailure
                        || pg.SqlState.StartsWith("08", StringComparison.Ordinal);
                case NpgsqlException npgsql
                    when npgsql.InnerException
                        is TimeoutException
                            or SocketException
                            or IOException
                            or EndOfStreamException:
                    return true;
                case NpgsqlException { IsTransient: true }:
                    return true;
                case SocketException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>Sets the status and writes a problem+json body with a stable code (the problem service adds the trace
    /// id).</summary>
    public static ValueTask<bool> WriteProblemAsync(
        this IProblemDetailsService problems,
        HttpContext httpContext,
        int status,
        string code,
        string title,
        string detail
    )
    {
        httpContext.Response.StatusCode = status;
        return problems.TryWriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails =
                {
                    Status = status,
                    Title = title,
                    Detail = detail,
                    Extensions = { ["code"] = code },
                },
            }
        );
    }

    /// <summary>
    /// Exception handlers and status code pages write their answer outside the localization middleware, whose culture
    /// does not flow back out to them; the culture it chose is still on the request. Without one (the middleware had
    /// not run yet), the culture stays as it is.
    /// </summary>
    public static void UseRequestCulture(this HttpContext context)
    {
        if (context.Features.Get<IRequestCultureFeature>()?.RequestCulture is { } chosen)
        {
            CultureInfo.CurrentCulture = chosen.Culture;
            CultureInfo.CurrentUICulture = chosen.UICulture;
        }
    }

    /// <summary>Whether the failed request was an API call. The exception handler has already pointed the request at
    /// /Error, so ask for the original path.</summary>
    public static bool IsApi(HttpContext context) => OriginalPath(context).StartsWithSegments(ApiSetup.Prefix);

    private static PathString OriginalPath(HttpContext context) =>
        context.Features.Get<IExceptionHandlerPathFeature>()?.Path is { } path
            ? new PathString(path)
            : context.Request.Path;

    private sealed partial class DatabaseUnavailableHandler(
        IProblemDetailsService problems,
        SharedTexts texts,
        ILogger<DatabaseUnavailableHandler> logger
    ) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(
            HttpContext httpContext,
            Exception exception,
            CancellationToken cancellationToken
        )
        {
            if (!IsDatabaseUnavailable(exception))
            {
                return false;
            }

            httpContext.UseRequestCulture();
            LogDatabaseUnavailable(logger, httpContext.Request.Method, exception.GetBaseException().Message);
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            response.Headers.CacheControl = "no-store";
            if (IsApi(httpContext))
            {
                return await problems.WriteProblemAsync(
                    httpContext,
                    StatusCodes.Status503ServiceUnavailable,
                    "database_unavailable",
                    texts.DatabaseUnavailableTitle,
                    texts.DatabaseUnavailableDetail(RetryAfterSeconds)
                );
            }

            var again = HttpMethods.IsGet(httpContext.Request.Method) ? OriginalPath(httpContext).Value ?? "/" : "/";
            await new RazorComponentResult<DatabaseUnavailablePage>(new { RetryAfterSeconds, Path = again })
            {
                StatusCode = StatusCodes.Status503ServiceUnavailable,
            }.ExecuteAsync(httpContext);
            return true;
        }

        // No request path: a path may carry an invite token.
        [LoggerMessage(
            Level = LogLevel.Warning,
            Message = "The database is unavailable; answered a {Method} request with 503: {Reason}"
        )]
        private static partial void LogDatabaseUnavailable(ILogger logger, string method, string reason);
    }

    private sealed partial class UnexpectedApiErrorHandler(
        IProblemDetailsService problems,
        SharedTexts texts,
        ILogger<UnexpectedApiErrorHandler> logger
    ) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(
            HttpContext httpContext,
            Exception exception,
            CancellationToken cancellationToken
        )
        {
            if (!IsApi(httpContext))
            {
                return false;
            }

            LogUnexpected(logger, exception, httpContext.Request.Method, httpContext.TraceIdentifier);
            httpContext.UseRequestCulture();
            return await problems.WriteProblemAsync(
                httpContext,
                StatusCodes.Status500InternalServerError,
                "internal_error",
                texts.InternalErrorTitle,
                texts.InternalErrorDetail
            );
        }

        [LoggerMessage(
            Level = LogLevel.Error,
            Message = "An API {Method} request failed unexpectedly (trace {TraceId})"
        )]
        private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string traceId);
    }
}
