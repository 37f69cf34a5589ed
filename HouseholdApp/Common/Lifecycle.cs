using System.Data.Common;
using HouseholdApp.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HouseholdApp.Common;

/// <summary>
/// How an instance starts and stops: settings checked first, then migrations (or only migrations, with
/// <c>--migrate</c>); on SIGTERM it reports itself not ready and lets running requests finish before it exits.
/// </summary>
internal static partial class Lifecycle
{
    /// <summary>
    /// How long running requests may take to finish once the instance is told to stop. Below the 30 s that
    /// compose.yaml gives a container (stop_grace_period) before it is killed.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(25);

    public static IHostApplicationBuilder AddLifecycle(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettingsValidation();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddHealthChecks().AddCheck<AcceptingRequestsCheck>("accepting-requests", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// What happens before the app serves. Returns the process's exit code when it must end instead: settings that
    /// are invalid (<see cref="Settings.InvalidSettingsExitCode"/>), a database that cannot be migrated (1), or
    /// <c>--migrate</c> done (0).
    /// </summary>
    public static async Task<int?> PrepareAsync(this WebApplication app, string[] args)
    {
        var migrateOnly = args.Contains(DatabaseSetup.MigrateArgument);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Lifecycle).FullName!);
        int? exitCode = null;
        if (!Settings.AreValid(app.Services))
        {
            exitCode = Settings.InvalidSettingsExitCode;
        }
        else
        {
            try
            {
                await app.MigrateDatabaseAsync(migrateOnly);
                if (migrateOnly)
                {
                    LogMigrated(logger);
                    exitCode = 0;
                }
            }
            catch (Exception e) when (e is DbException or TimeoutException)
            {
                LogMigrationFailed(logger, e);
                exitCode = 1;
            }
        }

        if (exitCode is not null)
        {
            // Disposing flushes the logs before the process ends.
            await app.DisposeAsync();
        }

        return exitCode;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The database is migrated; exiting (--migrate)")]
    private static partial void LogMigrated(ILogger logger);

    [LoggerMessage(
        Level = LogLevel.Critical,
        Message = "The database could not be migrated: check ConnectionStrings:Default and that the server answers"
    )]
    private static partial void LogMigrationFailed(ILogger logger, Exception exception);

    /// <summary>Unhealthy from the moment the instance is told to stop, so balancers that poll /health/ready move
    /// on.</summary>
    private sealed class AcceptingRequestsCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(
            HealthCheckContext context,
            CancellationToken cancellationToken = default
        ) =>
            Task.FromResult(
                lifetime.ApplicationStopping.IsCancellationRequested
                    ? HealthCheckResult.Unhealthy("The instance is shutting down.")
                    : HealthCheckResult.Healthy()
            );
    }
}
