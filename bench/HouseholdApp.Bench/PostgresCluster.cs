using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace HouseholdApp.Bench;

/// <summary>How a throwaway cluster is made: the tests trade durability for speed, the benchmark keeps it.</summary>
/// <param name="ExternalServerVariable">Names an environment variable holding the connection string of an existing
/// server to use instead.</param>
/// <param name="InitdbArguments">Extra initdb arguments.</param>
/// <param name="ServerSettings">Extra <c>-c name=value</c> settings for the server.</param>
/// <param name="StopMode">pg_ctl's shutdown mode at the end.</param>
public sealed record PostgresClusterOptions(
    string ExternalServerVariable,
    string FolderPrefix,
    string InitdbArguments,
    string ServerSettings,
    string StopMode
);

/// <summary>
/// A real PostgreSQL server: a throwaway cluster (initdb in a temporary folder, a free loopback port; as root,
/// run as the postgres user, since PostgreSQL refuses root), or an existing server named by an environment
/// variable. Each <see cref="CreateDatabaseAsync"/> gives a fresh, empty database on it.
/// The benchmark's database (the tests use a container instead).
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string? dataDirectory;
    private readonly string? pgBin;
    private readonly string stopMode;

    private PostgresCluster(string adminConnectionString, string? dataDirectory, string? pgBin, string stopMode)
    {
        AdminConnectionString = adminConnectionString;
        this.dataDirectory = dataDirectory;
        this.pgBin = pgBin;
        this.stopMode = stopMode;
    }

    public string AdminConnectionString { get; }

    private static bool AsRoot => Environment.UserName == "root";

    public static async Task<PostgresCluster> StartAsync(PostgresClusterOptions options)
    {
        var external = Environment.GetEnvironmentVariable(options.ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresCluster(external, null, null, options.StopMode);
        }

        var pgBin = FindPgBin()
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's postgresql package, "
                    + $"or set {options.ExternalServerVariable} to a connection string "
                    + "of a server on which databases may be created."
            );

        var dataDirectory = Path.Combine(Path.GetTempPath(), $"{options.FolderPrefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        if (AsRoot)
        {
            await RunAsync("chown", $"postgres:postgres {dataDirectory}");
        }

        var port = FreePort();
        await RunPgAsync(
            pgBin,
            "initdb",
            $"-D {dataDirectory} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 {options.InitdbArguments}"
        );
        await RunPgAsync(
            pgBin,
            "pg_ctl",
            $"-D {dataDirectory} -l {dataDirectory}/server.log -w "
                + $"-o \"-c listen_addresses=127.0.0.1 -p {port} -k {dataDirectory} "
                + $"{options.ServerSettings}\" start"
        );
        return new PostgresCluster(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false",
            dataDirectory,
            pgBin,
            options.StopMode
        );
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
            await RunPgAsync(pgBin, "pg_ctl", $"-D {dataDirectory} -m {stopMode} -w stop");
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
            catch (UnauthorizedAccessException) { }
        }
    }

    private static string? FindPgBin()
    {
        var candidates = new List<string>(Environment.GetEnvironmentVariable("PATH")?.Split(':') ?? []);
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(
                Directory
                    .GetDirectories("/usr/lib/postgresql")
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                    .Select(d => Path.Combine(d, "bin"))
            );
        }

        return candidates.FirstOrDefault(d =>
            File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl"))
        );
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunPgAsync(string pgBin, string program, string arguments)
    {
        var path = Path.Combine(pgBin, program);
        return AsRoot ? RunAsync("runuser", $"-u postgres -- {path} {arguments}") : RunAsync(path, arguments);
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
            throw new InvalidOperationException(
                $"{fileName} {arguments} exited with {process.ExitCode}: {await stdout}{await stderr}"
            );
        }
    }
}
