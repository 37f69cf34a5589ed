using System.Diagnostics;

namespace HouseholdApp.Common;

/// <summary>
/// Request logs that name the route pattern (<c>/invites/{token}</c>), never the path: invite paths carry
/// secrets. The framework's own request and routing logs print raw paths, so they are capped below Information
/// in code, whatever an operator configures.
/// </summary>
internal static partial class RequestLogging
{
    private static readonly string[] PathLoggingCategories =
    [
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Components.Routing",
        "Microsoft.AspNetCore.Components.Endpoints",
        "Microsoft.AspNetCore.StaticAssets",
        "Microsoft.AspNetCore.StaticFiles",
        "Microsoft.AspNetCore.HttpLogging",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.Antiforgery",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Result",
        "Microsoft.AspNetCore.Http.RequestDelegateFactory",
    ];

    public static WebApplicationBuilder AddRequestLogging(this WebApplicationBuilder builder)
    {
        foreach (var category in PathLoggingCategories)
        {
            builder.Logging.AddFilter(category, level => level >= LogLevel.Warning);
        }

        return builder;
    }

    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("HouseholdApp.Requests");
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                    LogRequest(logger, context.Request.Method, route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Route} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string route, int statusCode, double elapsedMs);
}
