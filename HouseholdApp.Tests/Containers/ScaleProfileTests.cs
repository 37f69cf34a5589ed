using System.Diagnostics;
using System.Net;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Containers;

/// <summary>compose.yaml's scale profile for real: two app replicas and nginx (Debian's or the official) on one
/// database.</summary>
public sealed class ScaleProfileTests
{
    // A first start on a busy two-core machine (the suite running beside it) can take minutes.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScaleProfile_RestartingOneReplicaUnderSteadyTraffic_FailsNoRequest()
    {
        await using var project = await ComposeProject.CreateAsync();
        var watch = Stopwatch.StartNew();
        await project.ComposeAsync("--profile", "scale", "up", "-d");
        await ComposeProject.WaitUntilReadyAsync(project.ProxyAddress, StartTimeout);
        // Both replicas, not only the first one nginx reached: the restart below must leave one that serves.
        await ComposeProject.WaitUntilReadyAsync(project.ReplicaAddress("app-2"), StartTimeout);
        await ComposeProject.WaitUntilReadyAsync(project.ReplicaAddress("app"), StartTimeout);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"scale profile up to ready: {watch.Elapsed.TotalSeconds:0.0} s"
        );

        // A browser is pinned to one replica by nginx's cookie (its circuit lives there).
        using (
            var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer() })
            {
                BaseAddress = project.ProxyAddress,
            }
        )
        {
            var page = await browser.GetAsync("/Account/Login", Ct);
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            page.Headers.GetValues("Set-Cookie")
                .ShouldContain(c => c.StartsWith("householdapp_node=", StringComparison.Ordinal));
        }

        // Steady traffic from four clients without the cookie (so spread over both replicas) while one restarts.
        using var stop = new CancellationTokenSource();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var served = 0;
        var clients = Enumerable
            .Range(0, 4)
            .Select(_ =>
                Task.Run(
                    async () =>
                    {
                        using var client = new HttpClient
                        {
                            BaseAddress = project.ProxyAddress,
                            Timeout = TimeSpan.FromSeconds(30),
                        };
                        string[] paths = ["/Account/Login", "/health/ready", "/"];
                        for (var i = 0; !stop.IsCancellationRequested; i++)
                        {
                            try
                            {
                                using var response = await client.GetAsync(paths[i % paths.Length], Ct);
                                if (response.StatusCode == HttpStatusCode.OK)
                                {
                                    Interlocked.Increment(ref served);
                                }
                                else
                                {
                                    failures.Add($"{paths[i % paths.Length]}: {(int)response.StatusCode}");
                                }
                            }
                            catch (HttpRequestException e)
                            {
                                failures.Add($"{paths[i % paths.Length]}: {e.Message}");
                            }
                        }
                    },
                    Ct
                )
            )
            .ToList();

        await Eventually.UntilAsync(() => Volatile.Read(ref served) >= 20, "traffic flows through nginx", StartTimeout);
        await project.ComposeAsync("restart", "app");
        await ComposeProject.WaitUntilReadyAsync(project.AppAddress, StartTimeout);
        var afterRestart = Volatile.Read(ref served);
        await Eventually.UntilAsync(
            () => Volatile.Read(ref served) >= afterRestart + 20,
            "traffic goes on after the restart",
            StartTimeout
        );
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"served {served} requests during the rolling restart, {failures.Count} failed"
        );
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(10)));
    }
}
