namespace HouseholdApp.Tests.Infrastructure;

/// <summary>
/// The test run's PostgreSQL: a throwaway cluster tuned for speed (no fsync: a crash only loses test data),
/// or the server named by HOUSEHOLDAPP_TEST_DB.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string ExternalServerVariable = "HOUSEHOLDAPP_TEST_DB";

    private static readonly PostgresClusterOptions Options = new(
        ExternalServerVariable,
        FolderPrefix: "householdapp-pg",
        InitdbArguments: "--no-sync",
        ServerSettings: "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
        StopMode: "immediate");

    private PostgresCluster? cluster;

    public string AdminConnectionString => Cluster.AdminConnectionString;

    private PostgresCluster Cluster => cluster ?? throw new InvalidOperationException("The PostgreSQL server is not started yet.");

    public async ValueTask InitializeAsync() => cluster = await PostgresCluster.StartAsync(Options);

    public Task<string> CreateDatabaseAsync(string prefix) => Cluster.CreateDatabaseAsync(prefix);

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}
