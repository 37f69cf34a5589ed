using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OpenTelemetry.Metrics;

namespace HouseholdApp.Common;

/// <summary>Metrics:Enabled and Metrics:AllowedNetworks.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    public const string Path = "/metrics";

    /// <summary>Loopback and the private ranges: where a Prometheus next to the app scrapes from.</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedNetworks =
    [
        "127.0.0.0/8",
        "::1/128",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "fc00::/7",
    ];

    public bool Enabled { get; init; }

    public IReadOnlyList<IPNetwork> AllowedNetworks { get; init; } = [];

    /// <summary>
    /// Reads the section; AllowedNetworks is a list (Metrics:AllowedNetworks:0, :1, …) or one comma-separated value
    /// (Metrics__AllowedNetworks=10.0.0.0/8,192.168.1.0/24). A value that is not a CIDR network stops the start-up.
    /// </summary>
    public static MetricsOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var networks = section.GetSection("AllowedNetworks");
        var texts = networks.Value is { } single
            ? single.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : networks.GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        if (texts.Length == 0)
        {
            texts = [.. DefaultAllowedNetworks];
        }

        var parsed = new List<IPNetwork>();
        foreach (var text in texts)
        {
            if (!IPNetwork.TryParse(text, out var network))
            {
                throw new InvalidOperationException(
                    $"Metrics:AllowedNetworks contains '{text}', "
                        + "which is not a network in CIDR notation (such as 10.0.0.0/8)."
                );
            }

            parsed.Add(network);
        }

        return new MetricsOptions { Enabled = section.GetValue("Enabled", false), AllowedNetworks = parsed };
    }

    /// <summary>Whether <paramref name="address"/> (the client, after the forwarded-headers rules) may read the
    /// metrics.</summary>
    public bool Allows(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var candidates = address.IsIPv4MappedToIPv6 ? new[] { address, address.MapToIPv4() } : [address];
        return candidates.Any(a => AllowedNetworks.Any(n => n.Contains(a)));
    }
}

/// <summary>
/// OpenTelemetry metrics in Prometheus text at /metrics: ASP.NET Core's HTTP server, Kestrel and routing meters,
/// Npgsql, the .NET runtime and the app's own (<see cref="AppMetrics"/>). Off unless Metrics:Enabled=true; then
/// answered only to clients in Metrics:AllowedNetworks, others get 403.
/// </summary>
internal static partial class MetricsSetup
{
    public static WebApplicationBuilder AddAppMetrics(this WebApplicationBuilder builder)
    {
        var options = MetricsOptions.Read(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<AppMetrics>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitMetricsHandler>());
        if (options.Enabled)
        {
            builder
                .Services.AddOpenTelemetry()
                .WithMetrics(metrics =>
                    metrics
                        .AddAspNetCoreInstrumentation()
                        .AddNpgsqlInstrumentation()
                        .AddMeter("System.Runtime")
                        .AddMeter(AppMetrics.MeterName)
                        .AddPrometheusExporter()
                );
        }

        return builder;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<MetricsOptions>();
        if (!options.Enabled)
        {
            // Not mapped at all: /metrics is then an unknown page (404).
            return app;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MetricsSetup).FullName!);
        app.MapPrometheusScrapingEndpoint(MetricsOptions.Path)
            .DisableRateLimiting()
            .Add(endpoint =>
            {
                // The client address is the one the forwarded-headers middleware settled on (a listed proxy's
                // X-Forwarded-For).
                var scrape = endpoint.RequestDelegate!;
                endpoint.RequestDelegate = async context =>
                {
                    var client = context.Connection.RemoteIpAddress;
                    if (options.Allows(client))
                    {
                        await scrape(context);
                        return;
                    }

                    LogRefused(logger, client?.ToString() ?? "unknown");
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    await context.Response.WriteAsync(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"Metrics are not served to {client}: it is outside Metrics:AllowedNetworks.\n"
                        )
                    );
                };
            });
        return app;
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Refused /metrics to {Client}, which is outside Metrics:AllowedNetworks"
    )]
    private static partial void LogRefused(ILogger logger, string client);
}
