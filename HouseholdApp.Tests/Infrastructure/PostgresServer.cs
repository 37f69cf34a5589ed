using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the whole test run: a throwaway cluster started by the fixture itself
/// (initdb in a temporary folder, a free loopback port), or the server named by HOUSEHOLDAPP_TEST_DB.
/// Each call to <see cref="CreateDatabaseAsync"/> gives a fresh, empty database on it.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string ExternalServerVariable = "HOUSEHOLDAPP_TEST_DB";

    private string? dataDirectory;
    private string? pgBin;

    public string AdminConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            AdminConnectionString = external;
            return;
        }

        pgBin = FindPgBin() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's postgresql package, " +
            $"or set {ExternalServerVariable} to a connection string of a server the tests may create databases on.");

        var isRoot = Environment.UserName == "root";
        dataDirectory = Path.Combine(Path.GetTempPath(), $"householdapp-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        if (isRoot)
        {
            await RunAsync("chown", $"postgres:postgres {dataDirectory}");
        }

        var port = FreePort();
        await RunPgAsync(isRoot, "initdb", $"-D {dataDirectory} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync");
        await RunPgAsync(isRoot, "pg_ctl",
            $"-D {dataDirectory} -l {dataDirectory}/server.log -w -o \"-c listen_addresses=127.0.0.1 -p {port} -k {dataDirectory} " +
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400\" start");
        AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = name,
            Pooling = true,
            MaxPoolSize = 100,
        }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (dataDirectory is null || pgBin is null)
        {
            return;
        }

        try
        {
            await RunPgAsync(Environment.UserName == "root", "pg_ctl", $"-D {dataDirectory} -m immediate -w stop");
        }
        finally
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover folder in /tmp is harmless.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static string? FindPgBin()
    {
        var candidates = new List<string>();
        candidates.AddRange(Environment.GetEnvironmentVariable("PATH")?.Split(':') ?? []);
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

    private Task RunPgAsync(bool asRoot, string program, string arguments)
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
