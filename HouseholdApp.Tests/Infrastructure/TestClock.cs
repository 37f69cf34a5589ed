using Microsoft.Extensions.Time.Testing;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>Clocks for tests that control time: register the result as the app's <see cref="TimeProvider"/>.</summary>
public static class TestClock
{
    /// <summary>
    /// A <see cref="FakeTimeProvider"/> standing at the current whole second (PostgreSQL keeps microseconds, so a
    /// boundary set to the tick would be rounded away). Move it with <c>SetUtcNow</c> or <c>Advance</c>.
    /// </summary>
    public static FakeTimeProvider StartingNow() =>
        new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
}
