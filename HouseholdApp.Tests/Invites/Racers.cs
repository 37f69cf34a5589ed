using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Invites;

/// <summary>
/// Fires one request per client at the same moment: every client first opens its connection (a warm-up GET),
/// then all wait on one gate and send when it opens, so the server sees them together.
/// </summary>
public static class Racers
{
    public static async Task<HttpResponseMessage[]> RaceAsync(
        this TestApp app,
        IReadOnlyList<HttpClient> clients,
        Func<HttpClient, int, Task<HttpResponseMessage>> send
    )
    {
        var ct = TestContext.Current.CancellationToken;
        await Task.WhenAll(clients.Select(async c => (await c.GetAsync("/health/live", ct)).EnsureSuccessStatusCode()));

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = 0;
        var allReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = clients
            .Select(
                async (client, i) =>
                {
                    if (Interlocked.Increment(ref ready) == clients.Count)
                    {
                        allReady.SetResult();
                    }

                    await gate.Task;
                    return await send(client, i);
                }
            )
            .ToArray();
        await allReady.Task;
        gate.SetResult();
        return await Task.WhenAll(racers);
    }

    public static HttpClient[] Clients(this TestApp app, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => app.CreateHttpClient())];
}
