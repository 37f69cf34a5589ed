using System.Globalization;
using Humanizer;
using Humanizer.Localisation;

namespace HouseholdApp.Features.Invites.Landing;

/// <summary>"expires in 6 days": how long a link still works, in words a person reads at a glance.</summary>
public static class InviteExpiryText
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public static string Describe(DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var remaining = expiresAt - now;
        if (remaining < TimeSpan.FromMinutes(1))
        {
            return "expires in less than a minute";
        }

        // Days rather than weeks: "29 days" says more than "4 weeks" for a 30-day link.
        return "expires in " + remaining.Humanize(precision: 1, culture: English, maxUnit: TimeUnit.Day, minUnit: TimeUnit.Minute);
    }
}
