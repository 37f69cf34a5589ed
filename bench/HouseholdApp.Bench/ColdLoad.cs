using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace HouseholdApp.Bench;

/// <summary>One resource of a page load as Chromium's network domain saw it.</summary>
internal sealed record LoadedResource(
    string Url,
    string Type,
    int Status,
    long Bytes,
    string? Encoding,
    string? CacheControl
);

/// <summary>
/// One cold visit: every resource, and in ms from navigation: the document's first and last byte, the largest
/// contentful paint and the load event.
/// </summary>
internal sealed record ColdVisit(
    IReadOnlyList<LoadedResource> Resources,
    double FirstByteMs,
    double DocumentMs,
    double LcpMs,
    double LoadMs
)
{
    public long TotalBytes => Resources.Sum(r => r.Bytes);
}

/// <summary>The cold visits of one page and their medians.</summary>
internal sealed record ColdLoadResult(string Path, IReadOnlyList<ColdVisit> Visits)
{
    public ColdVisit Median => Visits.OrderBy(v => v.LcpMs).ElementAt(Visits.Count / 2);

    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}

/// <summary>
/// A phone opening a link for the first time: Debian's Chromium driven through its DevTools protocol, in a fresh
/// context with the cache disabled, on a throttled profile (1.6 Mbps down, 750 kbps up, 150 ms round trip, CPU
/// slowed 4×, light colour scheme, a phone's viewport). Bytes are what crossed the network per response (headers
/// and the body as sent, compressed or not), as Chromium's <c>Network.loadingFinished</c> reports them.
/// </summary>
internal static class ColdLoad
{
    private const double DownloadBitsPerSecond = 1.6e6;
    private const double UploadBitsPerSecond = 750e3;
    private const double RoundTripMs = 150;
    private const double CpuSlowdown = 4;

    public static async Task<ColdLoadResult?> MeasureAsync(Uri server, string path, int visits)
    {
        if (!BenchChromium.IsInstalled("the cold-load rows are skipped"))
        {
            return null;
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchChromium.LaunchAsync(playwright);

        // One unthrottled visit first, so the server's first-request costs (JIT, caches) are not the phone's.
        await VisitAsync(browser, new Uri(server, path), throttled: false);
        var results = new List<ColdVisit>(visits);
        for (var i = 0; i < visits; i++)
        {
            results.Add(await VisitAsync(browser, new Uri(server, path), throttled: true));
        }

        return new ColdLoadResult(path, results);
    }

    private static async Task<ColdVisit> VisitAsync(IBrowser browser, Uri url, bool throttled)
    {
        await using var context = await browser.NewContextAsync(
            new BrowserNewContextOptions
            {
                ColorScheme = ColorScheme.Light,
                ViewportSize = new ViewportSize { Width = 412, Height = 915 },
                DeviceScaleFactor = 2,
            }
        );
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        var responses =
            new ConcurrentDictionary<
                string,
                (string Url, string Type, int Status, string? Encoding, string? CacheControl)
            >();
        var finished = new ConcurrentDictionary<string, long>();
        cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
        {
            if (e is not { } ev)
            {
                return;
            }

            var response = ev.GetProperty("response");
            var headers = response.GetProperty("headers");
            responses[ev.GetProperty("requestId").GetString()!] = (
                response.GetProperty("url").GetString()!,
                ev.GetProperty("type").GetString()!,
                response.GetProperty("status").GetInt32(),
                Header(headers, "content-encoding"),
                Header(headers, "cache-control")
            );
        };
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            if (e is { } ev)
            {
                finished[ev.GetProperty("requestId").GetString()!] = (long)
                    ev.GetProperty("encodedDataLength").GetDouble();
            }
        };

        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.setCacheDisabled", new() { ["cacheDisabled"] = true });
        if (throttled)
        {
            await cdp.SendAsync(
                "Network.emulateNetworkConditions",
                new()
                {
                    ["offline"] = false,
                    ["latency"] = RoundTripMs,
                    ["downloadThroughput"] = DownloadBitsPerSecond / 8,
                    ["uploadThroughput"] = UploadBitsPerSecond / 8,
                }
            );
            await cdp.SendAsync("Emulation.setCPUThrottlingRate", new() { ["rate"] = CpuSlowdown });
        }

        await page.GotoAsync(
            url.ToString(),
            new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 120_000 }
        );
        // Every response that started has finished loading (bodies of late requests arrive after the load event).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (responses.Keys.Any(id => !finished.ContainsKey(id)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var lcp = await page.EvaluateAsync<double>(
            """
            () => new Promise(resolve => {
              new PerformanceObserver(list => {
                const entries = list.getEntries();
                resolve(entries[entries.length - 1].startTime);
              }).observe({ type: 'largest-contentful-paint', buffered: true });
              setTimeout(() => resolve(-1), 10000);
            })
            """
        );
        var timing = await page.EvaluateAsync<double[]>(
            """
            () => {
              const n = performance.getEntriesByType('navigation')[0];
              return [n.responseStart, n.responseEnd, n.loadEventEnd];
            }
            """
        );
        var resources = responses
            .Select(r => new LoadedResource(
                r.Value.Url,
                r.Value.Type,
                r.Value.Status,
                finished.GetValueOrDefault(r.Key),
                r.Value.Encoding,
                r.Value.CacheControl
            ))
            .OrderBy(r => r.Url, StringComparer.Ordinal)
            .ToList();
        return new ColdVisit(resources, timing[0], timing[1], lcp, timing[2]);
    }

    private static string? Header(JsonElement headers, string name)
    {
        foreach (var header in headers.EnumerateObject())
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value.GetString();
            }
        }

        return null;
    }

    /// <summary>Per resource of the median visit, then each visit's totals.</summary>
    public static void Print(ColdLoadResult result)
    {
        var median = result.Median;
        Console.WriteLine(
            $"cold visit of {Redact(result.Path)} (median of {result.Visits.Count} by LCP): "
                + $"{median.Resources.Count} requests, "
                + $"{Kb(median.TotalBytes)} kB, document first byte {median.FirstByteMs:0} ms, "
                + $"last byte {median.DocumentMs:0} ms, "
                + $"LCP {median.LcpMs:0} ms, load {median.LoadMs:0} ms"
        );
        Console.WriteLine("| resource | type | status | bytes | encoding | cache-control |");
        Console.WriteLine("|---|---|---:|---:|---|---|");
        foreach (var r in median.Resources)
        {
            Console.WriteLine(
                $"| {Redact(new Uri(r.Url).PathAndQuery)} | {r.Type} | {r.Status} | {r.Bytes} | "
                    + $"{r.Encoding ?? "-"} | {r.CacheControl ?? "-"} |"
            );
        }

        Console.WriteLine(
            "visits: "
                + string.Join(
                    "; ",
                    result.Visits.Select(v =>
                        $"{v.Resources.Count} requests {Kb(v.TotalBytes)} kB, first byte {v.FirstByteMs:0} ms, "
                        + $"LCP {v.LcpMs:0} ms, load {v.LoadMs:0} ms"
                    )
                )
        );
    }

    /// <summary>CSS and JavaScript responses: how many came compressed, and how many fingerprinted ones
    /// immutable.</summary>
    public static (int Assets, int Compressed, int Fingerprinted, int Immutable) AssetDelivery(ColdVisit visit)
    {
        var assets = visit.Resources.Where(r => r.Type is "Stylesheet" or "Script").ToList();
        var fingerprinted = assets.Where(r => IsFingerprinted(r.Url)).ToList();
        return (
            assets.Count,
            assets.Count(r => r.Encoding is "br" or "gzip" or "zstd"),
            fingerprinted.Count,
            fingerprinted.Count(r => r.CacheControl?.Contains("immutable", StringComparison.Ordinal) == true)
        );
    }

    /// <summary>The static assets' fingerprint: a 10-character segment before the extension
    /// (name.abc123def0.css).</summary>
    private static bool IsFingerprinted(string url)
    {
        var segments = new Uri(url).AbsolutePath.Split('/')[^1].Split('.');
        return segments.Length >= 3 && segments[^2].Length == 10 && segments[^2].All(char.IsAsciiLetterOrDigit);
    }

    public static string Kb(long bytes) => (bytes / 1000.0).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>Invite tokens are secrets even in a benchmark's output.</summary>
    private static string Redact(string path) =>
        path.StartsWith("/invites/", StringComparison.Ordinal) ? "/invites/{token}" : path;
}
