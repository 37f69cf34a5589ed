namespace HouseholdApp.Tests.Infrastructure;

/// <summary>
/// Waiting for something that happens a little later (a log line written as a request ends, a live update):
/// poll until it holds, with a deadline sized for a loaded two-core CI machine. Never sleep a fixed time instead.
/// </summary>
public static class Eventually
{
    /// <summary>How long a condition may take before the test fails: generous, since CI machines are busy.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The same, in milliseconds, for Playwright's <c>Timeout</c> options.</summary>
    public const float TimeoutMs = 30_000;

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still not true after {(timeout ?? Timeout).TotalSeconds:0} s: {what}");
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }
}
