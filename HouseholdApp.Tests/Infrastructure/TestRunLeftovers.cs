using System.Diagnostics;
using System.Globalization;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>
/// Marks what a test run starts (containers by label, processes by an inherited environment variable) with the
/// run's owner (host, process id and the process's start time), and at the start of a run removes what earlier runs
/// left behind when they were killed. Only leftovers whose owner process is gone are touched: other test runs on
/// the same machine keep theirs.
/// </summary>
public static class TestRunLeftovers
{
    public const string Label = "householdapp.tests";
    public const string OwnerLabel = "householdapp.tests.owner";

    /// <summary>Inherited by every process the run starts (the Playwright driver and the Chromium it
    /// launches).</summary>
    public const string OwnerVariable = "HOUSEHOLDAPP_TESTS_OWNER";

    /// <summary>This run: "host:pid:start", the start time telling a reused process id apart.</summary>
    public static string Owner { get; } =
        $"{Environment.MachineName}:{Environment.ProcessId}:{StartTicks(Environment.ProcessId)}";

    private static int prepared;

    /// <summary>Sets the run's marker and the Testcontainers defaults this project relies on; kills stale
    /// processes.</summary>
    public static void PrepareEnvironment()
    {
        if (Interlocked.Exchange(ref prepared, 1) == 1)
        {
            return;
        }

        Environment.SetEnvironmentVariable(OwnerVariable, Owner);
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(dockerHost) || dockerHost.StartsWith("unix://", StringComparison.Ordinal))
        {
            // A local engine: reach published ports over loopback (these machines have /.dockerenv, which makes
            // Testcontainers pick the bridge gateway instead). Ryuk cannot be pulled here; stale containers are
            // removed by RemoveStaleContainersAsync instead.
            SetDefault("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1");
            SetDefault("TESTCONTAINERS_RYUK_DISABLED", "true");
            if (
                string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_API_VERSION"))
                && EngineApiVersion(dockerHost) is { } api
                && api < new System.Version(1, 44)
            )
            {
                // Testcontainers asks for API 1.44; an older engine (Debian's speaks 1.41) refuses that unless told.
                Environment.SetEnvironmentVariable("DOCKER_API_VERSION", api.ToString());
            }
        }

        KillStaleProcesses();
    }

    public static async Task RemoveStaleContainersAsync()
    {
        using var client = DockerClient();
        var containers = await client.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool> { [$"{Label}=1"] = true },
                },
            }
        );
        foreach (var container in containers)
        {
            if (container.Labels.TryGetValue(OwnerLabel, out var owner) && IsStale(owner))
            {
                try
                {
                    await client.Containers.RemoveContainerAsync(
                        container.ID,
                        new ContainerRemoveParameters { Force = true, RemoveVolumes = true }
                    );
                }
                catch (DockerApiException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
                {
                    // Another run starting on this machine removed it first, or is removing it now.
                }
            }
        }
    }

    private static DockerClient DockerClient()
    {
        var endpoint = TestcontainersSettings.OS?.DockerEndpointAuthConfig?.Endpoint
            ?? new Uri(
                Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host
                    ? host
                    : "unix:///var/run/docker.sock"
            );
        var builder = new DockerClientBuilder().WithEndpoint(endpoint);
        if (System.Version.TryParse(Environment.GetEnvironmentVariable("DOCKER_API_VERSION"), out var version))
        {
            builder = builder.WithApiVersion(version);
        }

        return builder.Build();
    }

    /// <summary>True when the owner ran on this host and its process is gone (or the id now names another
    /// process).</summary>
    public static bool IsStale(string owner)
    {
        var parts = owner.Split(':');
        if (
            parts.Length != 3
            || parts[0] != Environment.MachineName
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid)
        )
        {
            return false;
        }

        return StartTicks(pid) is not { } start || start.ToString(CultureInfo.InvariantCulture) != parts[2];
    }

    private static void KillStaleProcesses()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var marker = OwnerVariable + "=";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (
                !int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid)
                || pid == Environment.ProcessId
            )
            {
                continue;
            }

            string environ;
            try
            {
                environ = File.ReadAllText(Path.Combine(dir, "environ"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var owner = environ
                .Split('\0')
                .FirstOrDefault(v => v.StartsWith(marker, StringComparison.Ordinal))
                ?[marker.Length..];
            if (owner is not null && owner != Owner && IsStale(owner))
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (Exception e)
                    when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone.
                }
            }
        }
    }

    /// <summary>The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), or null when it is
    /// gone.</summary>
    private static long? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces; count fields after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // A killed process that nobody reaped lingers as a zombie: it is gone all the same.
            return fields[0] is "Z" or "X" ? null : long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e)
            when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The newest API version the local engine speaks (its unversioned /version answer), or null.</summary>
    private static System.Version? EngineApiVersion(string? dockerHost)
    {
        var socket = string.IsNullOrEmpty(dockerHost) ? "/var/run/docker.sock" : dockerHost["unix://".Length..];
        if (!File.Exists(socket))
        {
            return null;
        }

        try
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var unix = new System.Net.Sockets.Socket(
                        System.Net.Sockets.AddressFamily.Unix,
                        System.Net.Sockets.SocketType.Stream,
                        System.Net.Sockets.ProtocolType.Unspecified
                    );
                    await unix.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socket), ct);
                    return new System.Net.Sockets.NetworkStream(unix, ownsSocket: true);
                },
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
            using var json = System.Text.Json.JsonDocument.Parse(
                http.GetStringAsync(new Uri("http://docker/version")).GetAwaiter().GetResult()
            );
            return System.Version.TryParse(json.RootElement.GetProperty("ApiVersion").GetString(), out var version)
                ? version
                : null;
        }
        catch (Exception e)
            when (e
                    is HttpRequestException
                        or IOException
                        or System.Net.Sockets.SocketException
                        or TaskCanceledException
                        or System.Text.Json.JsonException
                        or KeyNotFoundException
                        or UnauthorizedAccessException
            )
        {
            return null;
        }
    }

    private static void SetDefault(string name, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
