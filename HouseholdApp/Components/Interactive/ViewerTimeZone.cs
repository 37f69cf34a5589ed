using HouseholdApp.Features.Accounts;

namespace HouseholdApp.Components.Interactive;

/// <summary>
/// The time zone of the person's browser, for one circuit (a scoped service lives as long as the circuit). It starts
/// from the zone the page was prerendered in (<see cref="TimeZonePreference"/>: the browser's cookie, the saved zone
/// or UTC) and asks the browser itself once, after the first interactive render.
/// </summary>
public sealed class ViewerTimeZone
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Whether the browser itself has answered.</summary>
    public bool IsKnown { get; private set; }

    /// <summary>Starts from the request's zone until the browser answers; an unknown id changes nothing.</summary>
    public void Assume(string? ianaName)
    {
        if (!IsKnown && TimeZonePreference.Find(ianaName) is { } zone)
        {
            Zone = zone;
        }
    }

    /// <summary>Takes the browser's IANA zone name; an unknown or empty name leaves the zone in place.</summary>
    public void Use(string? ianaName)
    {
        IsKnown = true;
        if (TimeZonePreference.Find(ianaName) is { } zone)
        {
            Zone = zone;
        }
    }
}
