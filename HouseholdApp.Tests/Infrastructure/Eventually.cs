namespace HouseholdApp.Tests.Infrastructure;

/// <summary>
/// The suite's one way of waiting for something that happens a little later (a log line, a live update, a process
/// that starts listening): poll until it holds, ever less often, with a deadline sized for a loaded two-core CI
/// machine. Never sleep a fixed time instead. A condition that can tell it will never hold (a process exited) throws
/// to fail at once.
/// </summary>
public static class Eventually
{
    /// <summary>How long a condition may take before the test fails: generous, since CI machines are busy.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The same, in milliseconds, for Playwright's <c>Timeout</c> options.</summary>
    public const float TimeoutMs = 30_000;

    // Quick checks see a quick change soon; the pause then grows, so a long wait does not keep the CPU busy polling.
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(200);

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);

    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(condition, done => done, what, timeout);

    /// <summary>Reads <paramref name="probe"/> until <paramref name="done"/> holds for its value, and returns that
    /// value.</summary>
    public static async Task<T> UntilAsync<T>(
        Func<Task<T>> probe,
        Func<T, bool> done,
        string what,
        TimeSpan? timeout = null
    )
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        var pause = FirstPause;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"Still not true after {(timeout ?? Timeout).TotalSeconds:0} s: {what} (last seen: {value})"
                );
            }

            await Task.Delay(pause, TestContext.Current.CancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 3 / 2, LongestPause.Ticks));
        }
    }
}
