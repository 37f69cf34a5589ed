using System.Net;
using HouseholdApp.Data;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HouseholdApp.Tests.Deployment;

/// <summary>How an instance starts: settings checked first, migrations once however many instances start
/// together.</summary>
public sealed class StartupTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A well-formed connection string to a server nobody runs: these starts must stop before using
    /// it.</summary>
    private const string UnusedDatabase = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none";

    [Theory]
    [InlineData("RateLimiting__InviteLookup__PermitLimit", "0", "RateLimiting:InviteLookup:PermitLimit")]
    [InlineData("App__PublicUrl", "home.example.org", "App:PublicUrl")]
    [InlineData("Registration__Mode", "Sometimes", "Registration:Mode")]
    [InlineData("Email__Limits__InvitesPerUserPerHour", "0", "Email:Limits:InvitesPerUserPerHour")]
    [InlineData("ConnectionStrings__Default", "", "ConnectionStrings:Default")]
    public async Task Start_WithAnInvalidSetting_StopsAtOnceWithAMessageNamingIt(
        string variable,
        string value,
        string setting
    )
    {
        var (exitCode, output) = await AppProcess.RunToExitAsync(
            new Dictionary<string, string?> { ["ConnectionStrings__Default"] = UnusedDatabase, [variable] = value }
        );

        exitCode.ShouldBe(78, output);
        output.ShouldContain($"Invalid setting: {setting}", Case.Sensitive, output);
        output.ShouldNotContain("Unhandled exception", Case.Insensitive);
    }

    [Fact]
    public async Task MigrateArgument_MigratesAnEmptyDatabase_AndExitsZero_AgainWhenNothingIsLeft()
    {
        var connectionString = await env.Postgres.CreateEmptyDatabaseAsync("migrate_only");
        var settings = new Dictionary<string, string?> { ["ConnectionStrings__Default"] = connectionString };

        var first = await AppProcess.RunToExitAsync(settings, "--migrate");
        var second = await AppProcess.RunToExitAsync(settings, "--migrate");

        first.ExitCode.ShouldBe(0, first.Output);
        first.Output.ShouldContain("The database is migrated");
        second.ExitCode.ShouldBe(0, second.Output);
        await using var db = new AppDbContext(
            new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(connectionString).Options
        );
        (await db.Database.GetPendingMigrationsAsync(Ct)).ShouldBeEmpty();
        await using var keys = new KeyRingDbContext(
            new DbContextOptionsBuilder<KeyRingDbContext>()
                .UseNpgsql(connectionString, o => o.MigrationsHistoryTable(KeyRingDbContext.MigrationsHistoryTable))
                .Options
        );
        (await keys.Database.GetPendingMigrationsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ThreeInstances_StartingTogetherOnAnEmptyDatabase_MigrateOnce_AndAllBecomeReady()
    {
        var connectionString = await env.Postgres.CreateEmptyDatabaseAsync("together");
        var apps = Enumerable.Range(0, 3).Select(_ => new TestApp(connectionString)).ToList();
        try
        {
            // Each start runs on its own thread, so the three migrations really overlap.
            await Task.WhenAll(apps.Select(app => Task.Run(app.StartServer, Ct)));

            foreach (var app in apps)
            {
                using var client = app.CreateHttpClient();
                (await client.GetAsync("/health/ready", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            await using var db = apps[0].CreateDbContext();
            var applied = (await db.Database.GetAppliedMigrationsAsync(Ct)).ToList();
            applied.ShouldBe(db.Database.GetMigrations().ToList());
            apps.Count(app =>
                    app.Logs.Entries.Any(e =>
                        e.Contains("Applying", StringComparison.Ordinal)
                        && e.Contains(nameof(AppDbContext), StringComparison.Ordinal)
                    )
                )
                .ShouldBe(1, "exactly one instance migrates the app's schema");
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
        }
    }
}
