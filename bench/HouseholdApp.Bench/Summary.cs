using System.Globalization;

namespace HouseholdApp.Bench;

/// <summary>The performance issue's table: each measure of this run beside its goal.</summary>
internal sealed class Summary
{
    public ColdLoadResult? ColdLoad { get; set; }

    public (double Ratio, double P99)? PageVsLive { get; set; }

    public double? ApiLookupP99 { get; set; }

    public double? Redemption { get; set; }

    public BurstResult? Burst { get; set; }

    public double? CircuitRssKb { get; set; }

    public void Print()
    {
        var rows = new List<(string Measure, string Result, string Goal, bool? Met)>();
        if (ColdLoad is { } cold)
        {
            var median = cold.Median;
            var bytes = ColdLoadResult.MedianOf(cold.Visits.Select(v => (double)v.TotalBytes));
            rows.Add(
                (
                    $"cold visit of `/invites/{{token}}`: bytes transferred ({median.Resources.Count} requests)",
                    $"{HouseholdApp.Bench.ColdLoad.Kb((long)bytes)} kB",
                    "≤ 150 kB",
                    bytes <= 150_000
                )
            );
            var lcps = cold.Visits.Select(v => v.LcpMs).ToList();
            rows.Add(
                (
                    "largest contentful paint, cold, throttled phone (1.6 Mbps, 150 ms RTT, 4× CPU)",
                    $"{Seconds(ColdLoadResult.MedianOf(lcps))} s (runs: {string.Join(", ", lcps.Select(Seconds))}; "
                        + $"load event {Seconds(median.LoadMs)} s)",
                    "≤ 2.0 s",
                    ColdLoadResult.MedianOf(lcps) <= 2000
                )
            );
            var (assets, compressed, fingerprinted, immutable) = HouseholdApp.Bench.ColdLoad.AssetDelivery(median);
            rows.Add(
                (
                    "every CSS/JS asset compressed and, when fingerprinted, cached immutable",
                    $"{compressed}/{assets} compressed, {immutable}/{fingerprinted} fingerprinted immutable",
                    "yes",
                    compressed == assets && immutable == fingerprinted
                )
            );
        }

        if (PageVsLive is { } page)
        {
            rows.Add(
                (
                    "landing page / `/health/live` (wrk `-c32`)",
                    $"{page.Ratio:0.000}, p99 {page.P99:0.0} ms",
                    "≥ 0.05, p99 ≤ 30 ms",
                    page.Ratio >= 0.05 && page.P99 <= 30
                )
            );
        }

        if (ApiLookupP99 is { } api)
        {
            rows.Add(("API look-up p99", $"{api:0.0} ms", "≤ 15 ms", api <= 15));
        }

        if (Redemption is { } redemption)
        {
            rows.Add(
                (
                    "redemption / raw SQL",
                    redemption.ToString("0.000", CultureInfo.InvariantCulture),
                    "≥ 0.85",
                    redemption >= 0.85
                )
            );
        }

        if (Burst is { } burst)
        {
            rows.Add(
                (
                    $"{burst.People} people joining through one {burst.People}-use link at the same moment",
                    $"{burst.Joined} joined, {burst.ServerErrors} 5xx, p99 {burst.P99:0} ms",
                    $"all {burst.People} joined, 0 5xx, p99 ≤ 2 s",
                    burst.Met
                )
            );
        }

        if (CircuitRssKb is { } rss)
        {
            rows.Add(
                ("memory per open owner page (circuit)", $"{rss / 1024:0.00} MB RSS", "≤ 1.5 MB", rss / 1024 <= 1.5)
            );
        }

        Console.WriteLine();
        Console.WriteLine(
            $"Summary, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, "
                + $"load average {CpuMeter.LoadAverage()}:"
        );
        Console.WriteLine("| measure | this run | goal | met |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (measure, result, goal, met) in rows)
        {
            Console.WriteLine(
                $"| {measure} | {result} | {goal} | {(met switch { true => "yes", false => "**no**", null => "-" })} |"
            );
        }
    }

    private static string Seconds(double ms) => (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture);
}
