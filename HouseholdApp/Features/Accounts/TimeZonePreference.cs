using System.Globalization;
using System.Security.Claims;
using HouseholdApp.Common;
using HouseholdApp.Components.Account.Pages.Manage;
using HouseholdApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace HouseholdApp.Features.Accounts;

/// <summary>A person's saved time zone as the profile page shows it: null when none is saved yet.</summary>
public sealed record SavedTimeZone(string? ZoneId, bool Chosen);

/// <summary>
/// Decides the time zone of a request: the one this browser reported (a cookie that wwwroot/time-zone.js writes),
/// else the signed-in person's saved zone, else UTC. The saved zone is what mails use: it follows the zone the person's
/// browser reports, unless they chose one on the profile page.
/// </summary>
public sealed partial class TimeZonePreference(
    IDbContextFactory<AppDbContext> dbFactory,
    IMemoryCache cache,
    TimeProvider time,
    SharedTexts shared,
    ManageTexts texts,
    ILogger<TimeZonePreference> logger
)
{
    public const string CookieName = "HouseholdApp.TimeZone";

    public const int MaxLength = 64;

    private Task<TimeZoneInfo>? resolved;

    /// <summary>The zone of an IANA id ("Europe/Berlin"); null for anything else, such as a garbage cookie.</summary>
    public static TimeZoneInfo? Find(string? id) =>
        id is { Length: > 0 and <= MaxLength }
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+')
        && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
        && zone.HasIanaId
            ? zone
            : null;

    /// <summary>The zone this browser reported, if any.</summary>
    public static TimeZoneInfo? OfBrowser(HttpContext? context) => Find(context?.Request.Cookies[CookieName]);

    /// <summary>Every zone a person can choose, by id, with its offset now ("Pacific/Auckland (UTC+13:00)").</summary>
    public IReadOnlyList<(string Id, string Label)> Choices()
    {
        var now = time.GetUtcNow();
        return
        [
            .. TimeZoneInfo
                .GetSystemTimeZones()
                .Where(z => z.HasIanaId)
                .OrderBy(z => z.Id, StringComparer.Ordinal)
                .Select(z => (z.Id, texts.ZoneChoice(z.Id, Offset(z.GetUtcOffset(now))))),
        ];
    }

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "UTC-" : "UTC+") + offset.ToString("hh\\:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// The zone this request's times are written in; once per request. A signed-in person's browser reporting a zone
    /// other than their saved one updates it (unless they chose theirs), asked of the database once per zone and hour.
    /// </summary>
    public Task<TimeZoneInfo> ForRequestAsync(HttpContext? context) => resolved ??= ResolveAsync(context);

    private async Task<TimeZoneInfo> ResolveAsync(HttpContext? context)
    {
        var userId =
            context?.User.Identity?.IsAuthenticated == true
                ? context.User.FindFirstValue(ClaimTypes.NameIdentifier)
                : null;
        var browser = OfBrowser(context);
        try
        {
            if (browser is not null)
            {
                if (userId is not null)
                {
                    await ReportAsync(userId, browser.Id, context!.RequestAborted);
                }

                return browser;
            }

            return userId is null
                ? TimeZoneInfo.Utc
                : Find((await SavedAsync(userId, context!.RequestAborted)).ZoneId) ?? TimeZoneInfo.Utc;
        }
        catch (Exception exception) when (ErrorHandling.IsDatabaseUnavailable(exception))
        {
            // Times are not worth an error page: the browser's zone, else UTC (named wherever a time is shown).
            LogDatabaseDown(exception.GetBaseException().Message);
            return browser ?? TimeZoneInfo.Utc;
        }
    }

    private async Task ReportAsync(string userId, string zoneId, CancellationToken ct)
    {
        var key = CacheKey(userId);
        if (cache.TryGetValue(key, out string? reported) && reported == zoneId)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db
            .Users.Where(u => u.Id == userId && !u.TimeZoneChosen && (u.TimeZone == null || u.TimeZone != zoneId))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZone, zoneId), ct);
        cache.Set(key, zoneId, TimeSpan.FromHours(1));
    }

    public async Task<SavedTimeZone> SavedAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db
            .Users.Where(u => u.Id == userId)
            .Select(u => new SavedTimeZone(u.TimeZone, u.TimeZoneChosen))
            .SingleOrDefaultAsync(ct)
            ?? new SavedTimeZone(null, false);
    }

    /// <summary>
    /// Saves the profile page's choice: an IANA id (kept whatever browsers report later), or empty for "this device's
    /// zone" (<paramref name="device"/>, or the last one reported when this browser said none), which browsers'
    /// reports then change. An unknown id saves nothing.
    /// </summary>
    public async Task<Result<SavedTimeZone>> ChooseAsync(
        string userId,
        string? choice,
        TimeZoneInfo? device,
        CancellationToken ct = default
    )
    {
        var chosen = !string.IsNullOrEmpty(choice);
        var zoneId = chosen ? Find(choice)?.Id : device?.Id;
        if (chosen && zoneId is null)
        {
            return Error.Validation("invalid_time_zone", texts.UnknownZone, "timeZone");
        }

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var changed = await db
                .Users.Where(u => u.Id == userId)
                .ExecuteUpdateAsync(
                    s =>
                        s.SetProperty(u => u.TimeZone, u => zoneId ?? u.TimeZone)
                            .SetProperty(u => u.TimeZoneChosen, chosen),
                    ct
                );
            if (changed == 0)
            {
                return shared.Unauthenticated;
            }
        }

        cache.Remove(CacheKey(userId));
        return await SavedAsync(userId, ct);
    }

    private static string CacheKey(string userId) => "time-zone:" + userId;

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "The viewer's saved time zone could not be read or updated: {Reason}"
    )]
    private partial void LogDatabaseDown(string reason);
}
