using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Images;
using HouseholdApp.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Testcontainers.PostgreSql;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>
/// The test run's PostgreSQL: one container (Testcontainers) for the whole run, tuned for speed (no fsync: a crash
/// only loses test data), or the existing server named by HOUSEHOLDAPP_TEST_DB (then no container is made).
/// The schema is migrated once into a template database; <see cref="CreateDatabaseAsync"/> copies it, so a test
/// app starts on a fully migrated database and its start-up migration finds nothing to do.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string ExternalServerVariable = "HOUSEHOLDAPP_TEST_DB";

    /// <summary>The image to run; test.sh sets it to what scripts/postgres-image.sh made available.</summary>
    public const string ImageVariable = "HOUSEHOLDAPP_TEST_PG_IMAGE";

    /// <summary>What scripts/postgres-image.sh builds from Debian's packages when no registry answers.</summary>
    public const string LocalImage = "householdapp/postgres:15-bookworm-1";

    private PostgreSqlContainer? container;
    private string? adminConnectionString;
    private string? template;

    public string AdminConnectionString =>
        adminConnectionString ?? throw new InvalidOperationException("The PostgreSQL server is not started yet.");

    private string Template =>
        template ?? throw new InvalidOperationException("The PostgreSQL server is not started yet.");

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            adminConnectionString = new NpgsqlConnectionStringBuilder(external) { Pooling = false }.ConnectionString;
        }
        else
        {
            TestRunLeftovers.PrepareEnvironment();
            await TestRunLeftovers.RemoveStaleContainersAsync();
            var image = Environment.GetEnvironmentVariable(ImageVariable) is { Length: > 0 } named ? named : LocalImage;
            container = new PostgreSqlBuilder(image)
                // A locally built image exists only here: never ask a registry for it.
                .WithImagePullPolicy(image == LocalImage ? PullPolicy.Never : PullPolicy.Missing)
                .WithLabel(TestRunLeftovers.Label, "1")
                .WithLabel(TestRunLeftovers.OwnerLabel, TestRunLeftovers.Owner)
                .WithCommand(
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off",
                    "-c",
                    "max_connections=400",
                    "-c",
                    "shared_buffers=128MB"
                )
                .Build();
            await container.StartAsync();
            adminConnectionString = new NpgsqlConnectionStringBuilder(container.GetConnectionString())
            {
                Database = "postgres",
                Pooling = false,
            }.ConnectionString;
        }

        template = await CreateTemplateAsync();
    }

    /// <summary>A fresh database with the app's schema already in place; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = UniqueName(prefix);
        await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{Template}\"");
        return ConnectionStringFor(name);
    }

    /// <summary>A fresh database without any schema (for tests of the migrations themselves).</summary>
    public async Task<string> CreateEmptyDatabaseAsync(string prefix)
    {
        var name = UniqueName(prefix);
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return ConnectionStringFor(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (container is not null)
        {
            await container.DisposeAsync();
        }
        else if (template is not null)
        {
            // On a server the run does not own, leave no template behind (test databases stay, as before).
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{template}\" WITH (FORCE)");
        }
    }

    private async Task<string> CreateTemplateAsync()
    {
        var name = UniqueName("template");
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(ConnectionStringFor(name))
        {
            Pooling = false,
        }.ConnectionString;
        var options = new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(connectionString).Options;
        await using (var db = new AppDbContext(options))
        {
            await db.Database.MigrateAsync();
        }

        // CREATE DATABASE … TEMPLATE needs the template without connections; no pool keeps one open.
        await ExecuteAsync($"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS false");
        return name;
    }

    private static string UniqueName(string prefix) =>
        $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];

    private string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = database,
            Pooling = true,
            MaxPoolSize = 100,
        }.ConnectionString;

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
