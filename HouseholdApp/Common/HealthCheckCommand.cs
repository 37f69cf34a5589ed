using System.Globalization;

namespace HouseholdApp.Common;

/// <summary>
/// <c>HouseholdApp --health-check</c>: asks the running app on this machine for <c>/health/ready</c> and exits 0 when
/// it answers healthy, 1 otherwise. The container image's HEALTHCHECK runs it, so the image needs no shell or curl.
/// It reads the port the way Kestrel does (ASPNETCORE_HTTP_PORTS, else the first http address of ASPNETCORE_URLS,
/// else 8080) and builds no host: it costs one short process and one request.
/// </summary>
public static class HealthCheckCommand
{
    public const string Argument = "--health-check";

    /// <summary>
    /// Generous: on a slow or busy host the first request of a fresh process (connecting, compiling the HTTP stack)
    /// takes seconds; Docker's own timeout of the HEALTHCHECK bounds the probe anyway.
    /// </summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(25);

    public static bool IsRequested(string[] args) => args is [Argument];

    public static async Task<int> RunAsync()
    {
        var address = new Uri($"http://127.0.0.1:{Port(Environment.GetEnvironmentVariable)}/health/ready");
        try
        {
            using var client = new HttpClient { Timeout = Timeout };
            using var response = await client.GetAsync(address);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync($"{address} answered {(int)response.StatusCode}.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{address} did not answer: {e.Message}");
        }

        return 1;
    }

    /// <summary>The port the app listens on for plain HTTP, from the same variables Kestrel reads.</summary>
    public static int Port(Func<string, string?> environment)
    {
        if (FirstPort(environment("ASPNETCORE_HTTP_PORTS")?.Split(';', ',')) is { } port)
        {
            return port;
        }

        var urls = environment("ASPNETCORE_URLS")
            ?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            ?? [];
        var http = urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        if (
            http is not null
            && http.LastIndexOf(':') is var colon and > 6
            && FirstPort([http[(colon + 1)..].TrimEnd('/')]) is { } urlPort
        )
        {
            return urlPort;
        }

        return 8080;
    }

    private static int? FirstPort(string[]? values) =>
        values
            ?.Select(v =>
                int.TryParse(v.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                && p is > 0 and < 65536
                    ? p
                    : (int?)null
            )
            .FirstOrDefault(p => p is not null);
}
