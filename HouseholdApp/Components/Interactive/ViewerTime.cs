using System.Globalization;

namespace HouseholdApp.Components.Interactive;

/// <summary>Moments written in the viewer's own time zone, naming it, so "14:05" is never ambiguous.</summary>
public static class ViewerTime
{
    public static string DateTime(DateTimeOffset moment, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(moment, zone).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " " + ZoneName(zone);

    public static string Date(DateTimeOffset moment, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(moment, zone).ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string ZoneName(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc || zone.Id is "Etc/UTC" or "UTC" ? "UTC" : zone.Id;
}
