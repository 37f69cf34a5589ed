using System.Globalization;

namespace HouseholdApp.Common;

/// <summary>
/// How every page and mail writes a moment: in the reader's time zone
/// (<see cref="Features.Accounts.TimeZonePreference"/> decides which) and the pattern of their language
/// (<see cref="SharedTexts"/>). An exact time always names its zone, so "14:05" is never ambiguous: where the reader's
/// zone is not known yet (a first visit), that zone is UTC, and it says so.
/// </summary>
public sealed class ViewerTime(SharedTexts texts)
{
    public string DateTime(DateTimeOffset moment, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(moment, zone).ToString(texts.DateTimePattern, CultureInfo.CurrentCulture)
        + " "
        + ZoneName(zone);

    /// <summary>The day alone, for facts whose hour does not matter (joined, added); the exact time suits a tooltip.
    /// </summary>
    public string Date(DateTimeOffset moment, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(moment, zone).ToString(texts.DatePattern, CultureInfo.CurrentCulture);

    public static string ZoneName(TimeZoneInfo zone) =>
        zone == TimeZoneInfo.Utc || zone.Id is "Etc/UTC" or "UTC" ? "UTC" : zone.Id;

    /// <summary>The machine-readable moment, for a <c>&lt;time datetime&gt;</c>.</summary>
    public static string Iso(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
