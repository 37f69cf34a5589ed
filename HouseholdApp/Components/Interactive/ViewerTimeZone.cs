namespace HouseholdApp.Components.Interactive;

/// <summary>
/// The time zone of the person's browser, read once per circuit (a scoped service lives as long as the circuit).
/// Until the browser has answered (prerendering, the first interactive render), times are shown in UTC.
/// </summary>
public sealed class ViewerTimeZone
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public bool IsKnown { get; private set; }

    /// <summary>Takes the browser's IANA zone name; an unknown or empty name leaves UTC in place.</summary>
    public void Use(string? ianaName)
    {
        IsKnown = true;
        if (!string.IsNullOrWhiteSpace(ianaName) && TimeZoneInfo.TryFindSystemTimeZoneById(ianaName, out var zone))
        {
            Zone = zone;
        }
    }
}
