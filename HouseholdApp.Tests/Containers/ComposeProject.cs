using System.Globalization;
using System.Net;
using HouseholdApp.Tests.Deployment;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Containers;

/// <summary>
/// The repository's compose.yaml run for real by Docker, as a self-hoster runs it: its own project name, .env file,
/// loopback ports and network, with the images of scripts/*-image.sh (built once per machine, the app's once per
/// source tree). Always taken down with its volumes; a killed run's projects are removed by the next run.
/// </summary>
public sealed class ComposeProject : IAsyncDisposable
{
    private const string NamePrefix = "hhtest_";

    private static readonly Lazy<Task<Images>> SharedImages = new(BuildImagesAsync);

    private readonly Dictionary<string, string?> environment;
    private readonly string directory;
    private readonly string envFile;
    private readonly string network;

    private ComposeProject(
        string name,
        string directory,
        Dictionary<string, string?> environment,
        int appPort,
        int proxyPort,
        string network
    )
    {
        this.network = network;
        Name = name;
        this.directory = directory;
        envFile = Path.Combine(directory, ".env");
        this.environment = environment;
        AppAddress = new Uri($"http://127.0.0.1:{appPort}/");
        ProxyAddress = new Uri($"http://127.0.0.1:{proxyPort}/");
    }

    public string Name { get; }

    /// <summary>The app service's published port.</summary>
    public Uri AppAddress { get; }

    /// <summary>nginx of the scale profile.</summary>
    public Uri ProxyAddress { get; }

    /// <summary>A replica of the scale profile (app or app-2) at its fixed address on the project's network.</summary>
    public Uri ReplicaAddress(string service) => new($"http://{network}.{(service == "app" ? 3 : 4)}:8080/");

    public static string ComposeFile => Path.Combine(Paths.RepositoryRoot, "compose.yaml");

    /// <summary>The compose command this machine has: Docker's plugin (docker compose) when present, else Debian's
    /// docker-compose.</summary>
    public static Lazy<Task<string[]>> ComposeCommand { get; } =
        new(async () =>
            (await Scripts.RunAsync(DockerCli, ["compose", "version"])).ExitCode == 0
                ? [DockerCli, "compose"]
                : ["docker-compose"]
        );

    public static string DockerCli =>
        File.Exists("/usr/bin/docker") && File.Exists("/usr/sbin/dockerd") ? "/usr/bin/docker" : "docker";

    public static async Task<ComposeProject> CreateAsync()
    {
        var images = await SharedImages.Value;
        await RemoveLeftoversAsync();
        var owner = TestRunLeftovers.Owner.Split(':');
        var name = $"{NamePrefix}{owner[1]}_{owner[2]}_{Guid.NewGuid().ToString("N")[..8]}";
        var directory = Directory.CreateTempSubdirectory("householdapp-compose-").FullName;
        var appPort = LoopbackPorts.Reserved();
        var proxyPort = LoopbackPorts.Reserved();
        // A /24 of its own per project, so projects of parallel tests and runs do not collide.
        var network = $"172.30.{Random.Shared.Next(0, 256)}";
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var envFile = Path.Combine(directory, ".env");
        await File.WriteAllTextAsync(
            envFile,
            $"""
            POSTGRES_PASSWORD={password}
            App__PublicUrl=http://127.0.0.1:{appPort}
            Registration__Mode=Open
            """
        );
        var environment = new Dictionary<string, string?>
        {
            ["COMPOSE_PROJECT_NAME"] = name,
            ["COMPOSE_FILE"] = ComposeFile,
            ["HOUSEHOLDAPP_ENV_FILE"] = envFile,
            ["POSTGRES_PASSWORD"] = password,
            ["HOUSEHOLDAPP_IMAGE"] = images.App,
            ["POSTGRES_IMAGE"] = images.Postgres,
            ["NGINX_IMAGE"] = images.Nginx,
            ["HOUSEHOLDAPP_PORT"] = appPort.ToString(CultureInfo.InvariantCulture),
            ["HOUSEHOLDAPP_PROXY_PORT"] = proxyPort.ToString(CultureInfo.InvariantCulture),
            ["HOUSEHOLDAPP_NETWORK"] = network,
        };
        return new ComposeProject(name, directory, environment, appPort, proxyPort, network);
    }

    /// <summary>Runs a compose command on this project (from its own folder, as a user would from the
    /// checkout's).</summary>
    public async Task<string> ComposeAsync(params string[] args)
    {
        var command = await ComposeCommand.Value;
        // --env-file: this project's .env, not one a developer keeps in the checkout.
        return await Scripts.RunCheckedAsync(
            command[0],
            [.. command[1..], "--env-file", envFile, .. args],
            environment,
            directory,
            TimeSpan.FromMinutes(5)
        );
    }

    /// <summary>The id of a service's (first) container.</summary>
    public async Task<string> ContainerIdAsync(string service) =>
        (await ComposeAsync("ps", "-q", service)).Trim().Split('\n')[0];

    public async Task<string> DockerAsync(params string[] args) => await Scripts.RunCheckedAsync(DockerCli, args);

    /// <summary>Polls <paramref name="address"/>/health/ready until it answers 200.</summary>
    public static async Task WaitUntilReadyAsync(Uri address, TimeSpan timeout)
    {
        // A cold instance on a busy machine may take many seconds for its first answer: wait for it rather than ask
        // again.
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    return (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            },
            $"{address} answers /health/ready",
            timeout
        );
    }

    /// <summary>Polls Docker's own health check of a service's container until it says healthy.</summary>
    public async Task WaitUntilHealthyAsync(string service, TimeSpan timeout)
    {
        var id = await ContainerIdAsync(service);
        await Eventually.UntilAsync(
            async () => (await DockerAsync("inspect", "--format", "{{.State.Health.Status}}", id)).Trim() == "healthy",
            $"Docker reports the {service} container healthy",
            timeout
        );
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ComposeAsync("--profile", "scale", "down", "--volumes", "--remove-orphans", "--timeout", "5");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<Images> BuildImagesAsync()
    {
        TestRunLeftovers.PrepareEnvironment();
        var app = Scripts.RunCheckedAsync("bash", [Scripts.Path("app-image.sh")], timeout: TimeSpan.FromMinutes(30));
        var postgres = Scripts.RunCheckedAsync(
            "bash",
            [Scripts.Path("postgres-image.sh")],
            timeout: TimeSpan.FromMinutes(30)
        );
        var nginx = Scripts.RunCheckedAsync(
            "bash",
            [Scripts.Path("nginx-image.sh")],
            timeout: TimeSpan.FromMinutes(30)
        );
        return new Images((await app).Trim(), (await postgres).Trim(), (await nginx).Trim());
    }

    /// <summary>Takes down the projects of runs that were killed before they could (their owner process is
    /// gone).</summary>
    private static async Task RemoveLeftoversAsync()
    {
        var projects = (
            await Scripts.RunCheckedAsync(
                DockerCli,
                [
                    "ps",
                    "-a",
                    "--filter",
                    "label=com.docker.compose.project",
                    "--format",
                    "{{.Label \"com.docker.compose.project\"}}",
                ]
            )
        )
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct();
        foreach (var project in projects.Where(p => p.StartsWith(NamePrefix, StringComparison.Ordinal)))
        {
            var parts = project[NamePrefix.Length..].Split('_');
            if (parts.Length == 3 && TestRunLeftovers.IsStale($"{Environment.MachineName}:{parts[0]}:{parts[1]}"))
            {
                var ids = (
                    await Scripts.RunCheckedAsync(
                        DockerCli,
                        ["ps", "-aq", "--filter", $"label=com.docker.compose.project={project}"]
                    )
                ).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                await Scripts.RunAsync(DockerCli, ["rm", "-f", "-v", .. ids]);
                await Scripts.RunAsync(DockerCli, ["network", "rm", $"{project}_default"]);
                await Scripts.RunAsync(DockerCli, ["volume", "rm", $"{project}_db-data"]);
            }
        }
    }

    private sealed record Images(string App, string Postgres, string Nginx);
}
