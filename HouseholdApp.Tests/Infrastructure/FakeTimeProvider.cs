namespace HouseholdApp.Tests.Infrastructure;

/// <summary>A clock the test sets by hand (Microsoft.Extensions.TimeProvider.Testing is not available here).</summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>Whole seconds: PostgreSQL keeps microseconds, so a boundary set to the tick would be rounded away.</summary>
    public static FakeTimeProvider StartingNow() =>
        new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
}
