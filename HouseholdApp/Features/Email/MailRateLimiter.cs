using System.ComponentModel.DataAnnotations;
using System.Net;
using HouseholdApp.Common;
using HouseholdApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Email;

/// <summary>
/// How much mail one person, household, address or client may cause (section <c>Email:Limits</c>), so the app cannot
/// be used to mail arbitrary addresses in bulk. Counted per hour in PostgreSQL, so the limits hold across instances.
/// </summary>
public sealed class MailLimitOptions
{
    public const string Section = "Email:Limits";

    private const string PerHour = "must be a whole number of mails per hour from {1} to {2}";

    /// <summary>Invitation mails one user may send per hour.</summary>
    [Range(1, 100_000, ErrorMessage = PerHour)]
    public int InvitesPerUserPerHour { get; set; } = 20;

    /// <summary>Invitation mails one household's owners together may send per hour.</summary>
    [Range(1, 100_000, ErrorMessage = PerHour)]
    public int InvitesPerHouseholdPerHour { get; set; } = 40;

    /// <summary>Account mails (confirmation, reset, change of address, "you already have an account") to one address
    /// per hour.</summary>
    [Range(1, 100_000, ErrorMessage = PerHour)]
    public int AccountMailsPerAddressPerHour { get; set; } = 5;

    /// <summary>Account mails requested from one client IP address per hour.</summary>
    [Range(1, 100_000, ErrorMessage = PerHour)]
    public int AccountMailsPerIpPerHour { get; set; } = 20;
}

/// <summary>One hour's count for one key (a user, a household, an address or an IP, hashed with its kind).</summary>
public sealed class MailRateCounter
{
    public required string Key { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    public int Count { get; set; }
}

internal sealed class MailRateCounterConfiguration : IEntityTypeConfiguration<MailRateCounter>
{
    public void Configure(EntityTypeBuilder<MailRateCounter> builder)
    {
        builder.ToTable("mail_rate_counters", t => t.HasCheckConstraint("ck_mail_rate_counters_count", "count >= 0"));
        builder.HasKey(c => new { c.Key, c.WindowStart });
        builder.Property(c => c.Key).HasMaxLength(100);
        // Old windows are swept by start time.
        builder.HasIndex(c => c.WindowStart);
    }
}

/// <summary>
/// Counts mails against <see cref="MailLimitOptions"/>: one atomic upsert per key and hour, in the caller's
/// transaction when it has one (a refused or failed invite then counts nothing).
/// </summary>
public sealed class MailRateLimiter(IOptionsMonitor<MailLimitOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>Counts one invitation mail; returns when to try again if the user or the household is over its
    /// limit.</summary>
    public async Task<TimeSpan?> TryInviteMailAsync(
        AppDbContext db,
        string userId,
        Guid householdId,
        CancellationToken ct
    )
    {
        var limits = options.CurrentValue;
        var overUser = await CountAsync(db, "invite-user:" + userId, ct) > limits.InvitesPerUserPerHour;
        var overHousehold =
            await CountAsync(db, "invite-household:" + householdId.ToString("N"), ct)
            > limits.InvitesPerHouseholdPerHour;
        return overUser || overHousehold ? RetryAfter() : null;
    }

    /// <summary>
    /// Counts one account mail to <paramref name="address"/> asked for from <paramref name="client"/>; false when
    /// either is over its limit. Callers then send nothing and answer as if they had: a different answer would tell an
    /// anonymous caller which addresses have accounts (only mails to real accounts are ever counted).
    /// </summary>
    public async Task<bool> TryAccountMailAsync(
        AppDbContext db,
        string address,
        IPAddress? client,
        CancellationToken ct
    )
    {
        var limits = options.CurrentValue;
        var overAddress =
            await CountAsync(db, "account-address:" + address.ToUpperInvariant(), ct)
            > limits.AccountMailsPerAddressPerHour;
        var overClient =
            client is not null && await CountAsync(db, "account-ip:" + client, ct) > limits.AccountMailsPerIpPerHour;
        return !overAddress && !overClient;
    }

    /// <summary>Forgets windows that ended more than an hour ago.</summary>
    public Task<int> SweepAsync(AppDbContext db, CancellationToken ct)
    {
        var before = WindowStart() - Window;
        return db.Set<MailRateCounter>().Where(c => c.WindowStart < before).ExecuteDeleteAsync(ct);
    }

    private async Task<int> CountAsync(AppDbContext db, string key, CancellationToken ct)
    {
        // Keys can hold addresses: stored as a hash, so the table names nobody.
        var hashed = Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))
        );
        // An INSERT cannot be composed over: read its one row as it comes.
        var counts = await db
            .Database.SqlQuery<int>(
                $"""
                INSERT INTO mail_rate_counters AS c (key, window_start, count) VALUES ({hashed}, {WindowStart()}, 1)
                ON CONFLICT (key, window_start) DO UPDATE SET count = c.count + 1
                RETURNING c.count AS "Value"
                """
            )
            .ToListAsync(ct);
        return counts.Single();
    }

    private DateTimeOffset WindowStart()
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - now.Ticks % Window.Ticks, TimeSpan.Zero);
    }

    private TimeSpan RetryAfter() => WindowStart() + Window - time.GetUtcNow();
}

internal static class MailLimitErrors
{
    public static Error TooManyInvites(TimeSpan retryAfter) =>
        new(
            ErrorKind.RateLimited,
            "rate_limited",
            "Too many invitations were mailed in the last hour. "
                + $"Try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes))} minutes, "
                + "or share the link yourself."
        )
        {
            RetryAfter = retryAfter,
        };
}
