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

    /// <summary>
    /// Hosting opens a log scope with the raw RequestPath for every request, and it does so whenever its own category
    /// is enabled at any level; every provider that prints scopes would then print the token on every line. Switched
    /// off entirely: our request log below opens a scope with the request id instead, so lines still correlate.
    /// </summary>
    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    private const string RequestsCategory = "HouseholdApp.Requests";

    private static bool WarningsOnly(LogLevel level) => level >= LogLevel.Warning;

    private static bool Never(LogLevel level) => false;

    public static WebApplicationBuilder AddRequestLogging(this WebApplicationBuilder builder)
    {
        foreach (var category in PathLoggingCategories)
        {
            builder.Logging.AddFilter(category, WarningsOnly);
        }

        builder.Logging.AddFilter(HostingDiagnostics, Never);

        // A level configured for one provider (Logging:Console:LogLevel:Default=Debug) outranks every rule that names
        // no provider, whatever its category. So the caps are repeated for each provider that configuration names;
        // added after configuration is bound, they win over it (and again after every reload).
        builder.Services.PostConfigure<LoggerFilterOptions>(options =>
        {
            // The per-request line is off unless configured (Logging:LogLevel:HouseholdApp.Requests=Information): at
            // the front, so any configured rule for the category wins over it, while a mere Default does not.
            options.Rules.Insert(0, new LoggerFilterRule(null, RequestsCategory, LogLevel.Warning, null));
            var providers = options
                .Rules.Select(r => r.ProviderName)
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .ToList();
            foreach (var provider in providers)
            {
                foreach (var category in PathLoggingCategories)
                {
                    options.Rules.Add(
                        new LoggerFilterRule(provider, category, null, (_, _, level) => WarningsOnly(level))
                    );
                }

                options.Rules.Add(
                    new LoggerFilterRule(provider, HostingDiagnostics, null, (_, _, level) => Never(level))
                );
            }
        });
        return builder;
    }

    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(RequestsCategory);
        app.Use(
            async (context, next) =>
            {
                // Off by default (see AddRequestLogging; Logging:LogLevel:HouseholdApp.Requests=Information turns it
                // on): then neither the line nor its scope is paid for on every request.
                if (!logger.IsEnabled(LogLevel.Information))
                {
                    await next(context);
                    return;
                }

                var started = Stopwatch.GetTimestamp();
                using var scope = logger.BeginScope(
                    new KeyValuePair<string, object?>[] { new("RequestId", context.TraceIdentifier) }
                );
                try
                {
                    await next(context);
                }
                finally
                {
                    var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                    LogRequest(
                        logger,
                        context.Request.Method,
                        route,
                        context.Response.StatusCode,
                        Stopwatch.GetElapsedTime(started).TotalMilliseconds
                    );
                }
            }
        );
        return app;
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "{Method} {Route} answered {StatusCode} in {ElapsedMs:0.0} ms"
    )]
    private static partial void LogRequest(
        ILogger logger,
        string method,
        string route,
        int statusCode,
        double elapsedMs
    );
}
