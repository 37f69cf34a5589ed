using Humanizer;
using Humanizer.Localisation;

namespace HouseholdApp.Features.Invites;

/// <summary>How the owner's invites panel words an invite: state labels, uses and times relative to now.</summary>
public static class InviteDisplay
{
    /// <summary>The state label with the reason where there is one: "Revoked — its creator left the
    /// household".</summary>
    public static string StatusText(this InviteTexts texts, InviteSummary invite) =>
        invite is { State: InviteState.Revoked, RevokedReason: { } reason }
            ? texts.StatusWithReason(texts.ListLabel(invite.State), texts.RevokedBecause(reason))
            : texts.ListLabel(invite.State);

    public static string UsesText(this InviteTexts texts, int useCount, int maxUses) => texts.UsesOf(useCount, maxUses);

    /// <summary>"expires in 7 days" / "expired 2 hours ago", or when it was revoked: the moment that matters for its
    /// state.</summary>
    public static string ExpiryText(this InviteTexts texts, InviteSummary invite, DateTimeOffset now) =>
        invite.State switch
        {
            InviteState.Revoked when invite.RevokedAt is { } revokedAt => texts.RevokedAgo(texts.Ago(revokedAt, now)),
            _ when invite.ExpiresAt > now => texts.ExpiresIn(texts.Duration(invite.ExpiresAt - now)),
            _ => texts.ExpiredAgo(texts.Ago(invite.ExpiresAt, now)),
        };

    /// <summary>
    /// "2 hours ago", rounded like <see cref="Duration"/>. From the resources rather than Humanizer: a language may
    /// need another case after "ago" than a bare span has (German: "vor 7 Tagen", not "7 Tage").
    /// </summary>
    public static string Ago(this InviteTexts texts, DateTimeOffset moment, DateTimeOffset now)
    {
        var span = now - moment;
        if (span < TimeSpan.FromMinutes(1))
        {
            return texts.JustNow;
        }

        var (unit, count) = Rounded(span);
        return unit switch
        {
            TimeUnit.Day => texts.DaysAgo(count),
            TimeUnit.Hour => texts.HoursAgo(count),
            _ => texts.MinutesAgo(count),
        };
    }

    /// <summary>
    /// A span in its largest unit, rounded to the nearest whole one, in the reader's language (Humanizer follows the
    /// culture): a link created a moment ago for 7 days reads "7 days", not the truncated "6 days" that Humanizer
    /// gives for 6 days 23 hours 59 minutes.
    /// </summary>
    public static string Duration(this InviteTexts texts, TimeSpan span)
    {
        span = span.Duration();
        if (span < TimeSpan.FromMinutes(1))
        {
            return texts.LessThanAMinute;
        }

        var (unit, count) = Rounded(span);
        var rounded = unit switch
        {
            TimeUnit.Day => TimeSpan.FromDays(count),
            TimeUnit.Hour => TimeSpan.FromHours(count),
            _ => TimeSpan.FromMinutes(count),
        };
        return rounded.Humanize(precision: 1, maxUnit: TimeUnit.Day, minUnit: TimeUnit.Minute);
    }

    /// <summary>A span of at least a minute as a whole number of its largest unit (days, hours or minutes).</summary>
    private static (TimeUnit Unit, int Count) Rounded(TimeSpan span) =>
        span.TotalHours >= 23.5 ? (TimeUnit.Day, (int)Math.Round(span.TotalDays, MidpointRounding.AwayFromZero))
        : span.TotalMinutes >= 59.5 ? (TimeUnit.Hour, (int)Math.Round(span.TotalHours, MidpointRounding.AwayFromZero))
        : (TimeUnit.Minute, (int)Math.Round(span.TotalMinutes, MidpointRounding.AwayFromZero));
}
