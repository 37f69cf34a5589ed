using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
    /// reserved for superusers). The default, <see cref="DefaultMaxPoolSize"/>, is four per processor core, between 8
    /// and 30: more connections than the cores can serve only queue inside PostgreSQL, where runnable backends crowd
    /// each other out (bench: on 2 cores a pool of 8 served the landing page ×1.1–1.5 faster than 30, with a lower p99).
    /// </summary>
    public int MaxPoolSize { get; set; } = DefaultMaxPoolSize;

    /// <summary>Four connections per processor core, at least 8 and at most 30.</summary>
    public static int DefaultMaxPoolSize => Math.Clamp(4 * Environment.ProcessorCount, 8, 30);

    /// <summary>Apply pending migrations at start-up.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}

internal static class DatabaseSetup
{
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "No database configured: set ConnectionStrings:Default (environment variable ConnectionStrings__Default) " +
                "to a PostgreSQL connection string, or start the app with ./run.sh.");
        }

        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var pooled = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Math.Max(1, options.MaxPoolSize) };
        pooled.MinPoolSize = Math.Min(pooled.MinPoolSize, pooled.MaxPoolSize);
        if (pooled.MaxAutoPrepare == 0)
        {
            // The hot look-ups run the same few statements over and over: prepared once per physical connection, they
            // are neither parsed nor planned again. Session state is still reset when a connection goes back to the
            // pool (No Reset On Close stays off): with prepared statements present Npgsql replaces DISCARD ALL by
            // its parts minus DEALLOCATE ALL (RESET ALL, CLOSE ALL, UNLISTEN *, advisory unlock, DISCARD TEMP and
            // SEQUENCES), so no setting, temporary table, cursor, lock or LISTEN reaches the next user (proved by
            // Tests/Performance/PooledSessionTests). The app issues no SQL-level PREPARE of its own. A Max Auto Prepare in
            // the connection string wins.
            pooled.MaxAutoPrepare = 32;
            pooled.AutoPrepareMinUsages = 2;
        }

        connectionString = pooled.ConnectionString;
        builder.Services.AddSingleton(new DatabaseConnection(connectionString));

        // Services take one short-lived context per operation from the factory; Identity's stores use the scoped one.
        builder.Services.AddPooledDbContextFactory<AppDbContext>(o => o.UseNpgsql(connectionString).ConfigureWarnings(QuietExpectedFailures));
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        builder.Services.AddDbContextFactory<KeyRingDbContext>(o => o
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(KeyRingDbContext.MigrationsHistoryTable))
            .ConfigureWarnings(QuietExpectedFailures));
        builder.Services.AddSingleton(TimeProvider.System);
        // In every environment, not only Development: a scoped service (a context) resolved from the root provider or
        // captured by a singleton would be shared by concurrent requests, so that fails loudly at start instead.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// A failed command is not by itself an error worth a <c>fail:</c> line: a race's loser hitting a unique index is
    /// an expected outcome the caller maps to an answer. Whatever nobody handles is logged once, where the request
    /// ends (Common/ErrorHandling).
    /// </summary>
    private static void QuietExpectedFailures(WarningsConfigurationBuilder warnings) => warnings.Log(
        (RelationalEventId.CommandError, LogLevel.Debug),
        (CoreEventId.SaveChangesFailed, LogLevel.Debug),
        (CoreEventId.QueryIterationFailed, LogLevel.Debug),
        (RelationalEventId.ConnectionError, LogLevel.Debug));

    /// <summary>Applies pending migrations of the app's schema and the key ring at start-up (Database:MigrateOnStartup).</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        if (!app.Configuration.GetValue($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.MigrateOnStartup)}", true))
        {
            return;
        }

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }

        await using (var keys = await app.Services.GetRequiredService<IDbContextFactory<KeyRingDbContext>>().CreateDbContextAsync())
        {
            await keys.Database.MigrateAsync();
        }
    }
}

/// <summary>The app's connection string, with the configured pool size applied.</summary>
public sealed record DatabaseConnection(string ConnectionString);
