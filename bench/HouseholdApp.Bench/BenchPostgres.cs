using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace HouseholdApp.Bench;

/// <summary>
/// A throwaway PostgreSQL cluster for one benchmark run (initdb in a temporary folder, a free loopback port),
/// the same approach as the test fixture, but with durable defaults (fsync on): figures should resemble a real server.
/// Set HOUSEHOLDAPP_BENCH_DB to a connection string to use an existing server instead.
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private string? dataDirectory;
    private string? pgBin;
    private bool asRoot;

    public string AdminConnectionString { get; private set; } = "";

    public static async Task<BenchPostgres> StartAsync()
    {
        var server = new BenchPostgres();
        var external = Environment.GetEnvironmentVariable("HOUSEHOLDAPP_BENCH_DB");
        if (!string.IsNullOrWhiteSpace(external))
        {
            server.AdminConnectionString = external;
            return server;
        }

        server.pgBin = FindPgBin() ?? throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) not found.");
        server.asRoot = Environment.UserName == "root";
        server.dataDirectory = Path.Combine(Path.GetTempPath(), $"householdapp-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(server.dataDirectory);
        if (server.asRoot)
        {
            await RunAsync("chown", $"postgres:postgres {server.dataDirectory}");
        }

        var port = FreePort();
        await server.RunPgAsync("initdb", $"-D {server.dataDirectory} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
        await server.RunPgAsync("pg_ctl",
            $"-D {server.dataDirectory} -l {server.dataDirectory}/server.log -w -o \"-c listen_addresses=127.0.0.1 -p {port} -k {server.dataDirectory} " +
            "-c max_connections=200 -c shared_buffers=256MB\" start");
        server.AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
        return server;
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        name = $"{name}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true, MaxPoolSize = 100 }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (dataDirectory is null)
        {
            return;
        }

        await RunPgAsync("pg_ctl", $"-D {dataDirectory} -m fast -w stop");
        Directory.Delete(dataDirectory, recursive: true);
    }

    private static string? FindPgBin()
    {
        var candidates = new List<string>(Environment.GetEnvironmentVariable("PATH")?.Split(':') ?? []);
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunPgAsync(string program, string arguments)
    {
        var path = Path.Combine(pgBin!, program);
        return asRoot ? RunAsync("runuser", $"-u postgres -- {path} {arguments}") : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string fileName, string arguments)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {arguments} exited with {process.ExitCode}: {await stdout}{await stderr}");
        }
    }
}
