using HouseholdApp.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HouseholdApp.Data;

/// <summary>Database settings (section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>
    /// Connections one instance may hold at most (replaces any Maximum Pool Size in the connection string). Requests
    /// beyond it wait for a free connection. Keep the sum over all instances, plus one listening connection per
    /// instance, plus room for administration, below the server's max_connections (100 by default, of which 3 are
    /// reserved for superusers). The default, <see cref="DefaultMaxPoolSize"/>, is two per processor core, between 4
    /// and 30: more connections than the cores can serve only queue inside PostgreSQL, where runnable backends crowd
    /// each other out (docs/performance.md, "The connection pool").
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000, ErrorMessage = "must be a whole number from {1} to {2}")]
    public int MaxPoolSize { get; set; } = DefaultMaxPoolSize;

    /// <summary>Two connections per processor core, at least 4 and at most 30.</summary>
    public static int DefaultMaxPoolSize => Math.Clamp(2 * Environment.ProcessorCount, 4, 30);

    /// <summary>Apply pending migrations at start-up.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}

internal static partial class DatabaseSetup
{
    /// <summary>The key of the PostgreSQL advisory lock that instances take around migrating ("HHAppMig").</summary>
    public const long MigrationLockKey = 0x4848_4170_704D_6967;

    /// <summary>The argument that migrates the database and exits: <c>HouseholdApp --migrate</c>.</summary>
    public const string MigrateArgument = "--migrate";

    private const string ConnectionStringKey = "ConnectionStrings:Default";

    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        builder
            .Services.AddOptions<DatabaseOptions>()
            .BindSettings(DatabaseOptions.Section)
            .Validate<IConfiguration>(
                (_, configuration) => HasUsableConnectionString(configuration),
                $"{ConnectionStringKey} (environment variable {Settings.EnvironmentVariable(ConnectionStringKey)}) "
                    + "must be a PostgreSQL connection string such as Host=db;Database=householdapp;"
                    + "Username=householdapp;Password=…; it is missing or malformed."
            );

        // Read when first needed, after the start-up check (Common/Settings) has vouched for the settings.
        builder.Services.AddSingleton(sp =>
            DatabaseConnection.From(
                sp.GetRequiredService<IConfiguration>().GetConnectionString("Default") ?? "",
                sp.GetRequiredService<IOptions<DatabaseOptions>>().Value
            )
        );

        // Services take one short-lived context per operation from the factory; Identity's stores use the scoped one.
        builder.Services.AddPooledDbContextFactory<AppDbContext>(
            (sp, o) =>
                o.UseNpgsql(sp.GetRequiredService<DatabaseConnection>().ConnectionString)
                    .ConfigureWarnings(QuietExpectedFailures)
        );
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        builder.Services.AddDbContextFactory<KeyRingDbContext>(
            (sp, o) =>
                o.UseNpgsql(sp.GetRequiredService<DatabaseConnection>().ConnectionString, npgsql =>
                        npgsql.MigrationsHistoryTable(KeyRingDbContext.MigrationsHistoryTable)
                    )
                    .ConfigureWarnings(QuietExpectedFailures)
        );
        builder.Services.AddSingleton(TimeProvider.System);
        // In every environment, not only Development: a scoped service (a context) resolved from the root provider or
        // captured by a singleton would be shared by concurrent requests, so that fails loudly at start instead.
        builder.ConfigureContainer(
            new DefaultServiceProviderFactory(
                new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }
            )
        );
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        return builder;
    }

    private static bool HasUsableConnectionString(IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[ConnectionStringKey]))
        {
            return false;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(configuration[ConnectionStringKey]);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// A failed command is not by itself an error worth a <c>fail:</c> line: a race's loser hitting a unique index is
    /// an expected outcome the caller maps to an answer. Whatever nobody handles is logged once, where the request
    /// ends (Common/ErrorHandling).
    /// </summary>
    private static void QuietExpectedFailures(WarningsConfigurationBuilder warnings) =>
        warnings.Log(
            (RelationalEventId.CommandError, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug),
            (RelationalEventId.ConnectionError, LogLevel.Debug)
        );

    /// <summary>
    /// Applies pending migrations of the app's schema and the key ring, when Database:MigrateOnStartup is on or
    /// <paramref name="migrateOnly"/> (<c>--migrate</c>) asks for it. Instances that start together take turns through
    /// a PostgreSQL advisory lock: the first migrates, the others then find nothing left to do (without it, two
    /// could both create the same table, and one would stop with 42P07).
    /// </summary>
    public static async Task MigrateDatabaseAsync(
        this WebApplication app,
        bool migrateOnly = false,
        CancellationToken ct = default
    )
    {
        if (!migrateOnly && !app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            return;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseSetup).FullName!);
        // A connection of its own outside the pool: the session's lock ends with it, whatever happens below.
        var lockConnectionString = new NpgsqlConnectionStringBuilder(
            app.Services.GetRequiredService<DatabaseConnection>().ConnectionString
        )
        {
            Pooling = false,
            ApplicationName = "HouseholdApp migrations",
        }.ConnectionString;
        await using var lockConnection = new NpgsqlConnection(lockConnectionString);
        await lockConnection.OpenAsync(ct);
        if (!await LockCommandAsync(lockConnection, "SELECT pg_try_advisory_lock(@key)", ct))
        {
            LogWaitingForMigration(logger);
            await LockCommandAsync(lockConnection, "SELECT pg_advisory_lock(@key) IS NULL", ct);
        }

        try
        {
            await using (
                var db = await app
                    .Services.GetRequiredService<IDbContextFactory<AppDbContext>>()
                    .CreateDbContextAsync(ct)
            )
            {
                await LogAndMigrateAsync(db, logger, ct);
            }

            await using (
                var keys = await app
                    .Services.GetRequiredService<IDbContextFactory<KeyRingDbContext>>()
                    .CreateDbContextAsync(ct)
            )
            {
                await LogAndMigrateAsync(keys, logger, ct);
            }
        }
        finally
        {
            await LockCommandAsync(lockConnection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None);
        }
    }

    private static async Task LogAndMigrateAsync(DbContext db, ILogger logger, CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        LogMigrating(logger, pending.Count, db.GetType().Name, string.Join(", ", pending));
        await db.Database.MigrateAsync(ct);
    }

    private static async Task<bool> LockCommandAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        // No time limit: waiting for another instance's migration takes as long as that migration.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("key", MigrationLockKey);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Another instance is migrating the database; waiting for it to finish"
    )]
    private static partial void LogWaitingForMigration(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s) of {Context}: {Migrations}")]
    private static partial void LogMigrating(ILogger logger, int count, string context, string migrations);
}

/// <summary>The app's connection string, with the configured pool size applied.</summary>
public sealed record DatabaseConnection(string ConnectionString)
{
    /// <summary>The connection string with the configured pool size and no automatic preparation.</summary>
    public static DatabaseConnection From(string connectionString, DatabaseOptions options)
    {
        // No automatic preparation, whatever the connection string says: with it, a statement whose preparing use
        // failed in a rolled-back transaction left its pooled connection out of step with PostgreSQL, and a later
        // request on that connection failed (Tests/Performance/PooledSessionTests).
        var pooled = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = options.MaxPoolSize,
            MaxAutoPrepare = 0,
        };
        pooled.MinPoolSize = Math.Min(pooled.MinPoolSize, pooled.MaxPoolSize);
        return new DatabaseConnection(pooled.ConnectionString);
    }
}
