using System.Diagnostics;
using System.Globalization;

namespace HouseholdApp.Bench;

/// <summary>
/// Load from a second process, as the performance issue measured it: wrk (Debian's package <c>wrk</c>) on loopback,
/// two threads and 32 connections, so the app's process runs the server alone. Each round's latency distribution is
/// read at 1000 quantiles (wrk's Lua <c>done</c> hook) and the rounds are pooled by their request counts.
/// </summary>
internal static class Wrk
{
    private const int Rounds = 4;
    private const int Quantiles = 1000;

    public static string? Executable { get; } =
        Environment
            .GetEnvironmentVariable("PATH")
            ?.Split(':')
            .Select(dir => Path.Combine(dir, "wrk"))
            .FirstOrDefault(File.Exists);

    /// <summary>Both request sets in alternating rounds of <paramref name="perRound"/> each, after a warm-up of
    /// each.</summary>
    public static async Task<(Measurement A, Measurement B)> AlternateAsync(
        Uri server,
        IReadOnlyList<string> a,
        IReadOnlyList<string> b,
        int connections,
        TimeSpan perRound,
        CpuMeter meter
    )
    {
        var scriptA = Script(a);
        var scriptB = Script(b);
        try
        {
            await RunAsync(server, scriptA, connections, TimeSpan.FromSeconds(3), meter);
            await RunAsync(server, scriptB, connections, TimeSpan.FromSeconds(3), meter);
            var (sideA, sideB) = (new List<Round>(), new List<Round>());
            for (var round = 0; round < Rounds; round++)
            {
                sideA.Add(await RunAsync(server, scriptA, connections, perRound, meter));
                sideB.Add(await RunAsync(server, scriptB, connections, perRound, meter));
            }

            return (Summarise(sideA), Summarise(sideB));
        }
        finally
        {
            File.Delete(scriptA);
            File.Delete(scriptB);
        }
    }

    private sealed record Round(long Requests, double Seconds, long[] QuantileUs, CpuUse Cpu);

    /// <summary>A wrk script that cycles through the paths and prints its summary and quantiles in a form read
    /// below.</summary>
    private static string Script(IReadOnlyList<string> paths)
    {
        var file = Path.Combine(Path.GetTempPath(), $"householdapp-bench-{Guid.NewGuid():N}.lua");
        var list = string.Join(",\n", paths.Select(p => $"  \"{p}\""));
        File.WriteAllText(
            file,
            $$"""
            local paths = {
            {{list}}
            }
            local n = #paths
            local i = math.random(n)
            request = function()
              i = i % n + 1
              return wrk.format("GET", paths[i])
            end
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("bench-summary %d %d %d\n", summary.requests, summary.duration,
                e.connect + e.read + e.write + e.status + e.timeout))
              for q = 1, {{Quantiles}} do
                io.write(string.format("bench-quantile %d\n", latency:percentile(q * 100 / {{Quantiles}})))
              end
            end
            """
        );
        return file;
    }

    private static async Task<Round> RunAsync(
        Uri server,
        string script,
        int connections,
        TimeSpan duration,
        CpuMeter meter
    )
    {
        var start = new ProcessStartInfo(Executable!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (
            var arg in new[]
            {
                "-t2",
                $"-c{connections}",
                $"-d{(int)duration.TotalSeconds}s",
                "--timeout",
                "10s",
                "-s",
                script,
                server.ToString(),
            }
        )
        {
            start.ArgumentList.Add(arg);
        }

        var cpu0 = meter.Read();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var cpu = meter.Read() - cpu0;
        var lines = (await output).Split('\n');
        var summary = lines.FirstOrDefault(l => l.StartsWith("bench-summary ", StringComparison.Ordinal))?.Split(' ');
        if (process.ExitCode != 0 || summary is null)
        {
            throw new InvalidOperationException(
                $"wrk failed ({process.ExitCode}): {await errors}{string.Join('\n', lines)}"
            );
        }

        var requests = long.Parse(summary[1], CultureInfo.InvariantCulture);
        var failed = long.Parse(summary[3], CultureInfo.InvariantCulture);
        if (failed != 0)
        {
            throw new InvalidOperationException(
                $"wrk: {failed} of {requests} requests failed or were not answered 2xx/3xx."
            );
        }

        var quantiles = lines
            .Where(l => l.StartsWith("bench-quantile ", StringComparison.Ordinal))
            .Select(l => long.Parse(l["bench-quantile ".Length..], CultureInfo.InvariantCulture))
            .ToArray();
        return new Round(requests, long.Parse(summary[2], CultureInfo.InvariantCulture) / 1e6, quantiles, cpu);
    }

    /// <summary>Throughput over all rounds; latencies pooled: each round's quantiles weighted by its share of the
    /// requests.</summary>
    private static Measurement Summarise(List<Round> rounds)
    {
        var requests = rounds.Sum(r => r.Requests);
        var weighted = rounds
            .SelectMany(r =>
                r.QuantileUs.Select(us => (Ms: us / 1000.0, Weight: (double)r.Requests / r.QuantileUs.Length))
            )
            .OrderBy(x => x.Ms)
            .ToList();
        double Percentile(double p)
        {
            var target = p * requests;
            var sum = 0.0;
            foreach (var (ms, weight) in weighted)
            {
                sum += weight;
                if (sum >= target)
                {
                    return ms;
                }
            }

            return weighted[^1].Ms;
        }

        return Measurement.Of(
            requests,
            rounds.Sum(r => r.Seconds),
            Percentile(0.5),
            Percentile(0.99),
            rounds.Aggregate(default(CpuUse), (sum, r) => sum + r.Cpu)
        );
    }
}
