using Humanizer;
using Humanizer.Localisation;

namespace HouseholdApp.Features.Invites;

/// <summary>How the owner's invites panel words an invite: state labels, uses and times relative to now.</summary>
public static class InviteDisplay
{
    /// <summary>The state label with the reason where there is one: "Revoked — its creator left the household".</summary>
    public static string StatusText(InviteSummary invite) => invite is { State: InviteState.Revoked, RevokedReason: { } reason }
        ? $"{invite.State.Describe().ListLabel} — {InviteTexts.RevokedReason(reason)}"
        : invite.State.Describe().ListLabel ?? "";

    public static string UsesText(int useCount, int maxUses) => $"{useCount} of {maxUses}";

    /// <summary>"expires in 7 days" / "expired 2 hours ago", or when it was revoked: the moment that matters for its state.</summary>
    public static string ExpiryText(InviteSummary invite, DateTimeOffset now) => invite.State switch
    {
        InviteState.Revoked when invite.RevokedAt is { } revokedAt => $"revoked {Ago(revokedAt, now)}",
        _ when invite.ExpiresAt > now => $"expires in {Duration(invite.ExpiresAt - now)}",
        _ => $"expired {Ago(invite.ExpiresAt, now)}",
    };

    public static string Ago(DateTimeOffset moment, DateTimeOffset now)
    {
        var span = now - moment;
        return span < TimeSpan.FromMinutes(1) ? "just now" : $"{Duration(span)} ago";
    }

    /// <summary>
    /// A span in its largest unit, rounded to the nearest whole one: a link created a moment ago for 7 days
    /// reads "7 days", not the truncated "6 days" that Humanizer gives for 6 days 23 hours 59 minutes.
    /// </summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = span.Negate();
        }

        if (span < TimeSpan.FromMinutes(1))
        {
            return "less than a minute";
        }

        var rounded = span.TotalHours >= 23.5 ? TimeSpan.FromDays(Math.Round(span.TotalDays, MidpointRounding.AwayFromZero))
            : span.TotalMinutes >= 59.5 ? TimeSpan.FromHours(Math.Round(span.TotalHours, MidpointRounding.AwayFromZero))
            : TimeSpan.FromMinutes(Math.Round(span.TotalMinutes, MidpointRounding.AwayFromZero));
        return rounded.Humanize(precision: 1, maxUnit: TimeUnit.Day, minUnit: TimeUnit.Minute);
    }
}
