using System.Security.Cryptography;
using HouseholdApp.Common;
using HouseholdApp.Data;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;

namespace HouseholdApp.Features.Email;

/// <summary>
/// Sends the outbox in the background, so no request ever waits for a mail server. Each instance claims due rows with
/// <c>FOR UPDATE SKIP LOCKED</c> and moves them a lease into the future in the same statement, so two instances never
/// take the same message; one that dies mid-send leaves its rows to be retried when the lease ends. Failures back off
/// exponentially; nothing is lost across restarts because nothing lives only in memory.
/// </summary>
public sealed partial class OutboxDelivery(
    IDbContextFactory<AppDbContext> dbFactory,
    IOptionsMonitor<EmailOptions> options,
    OutboxSignal signal,
    OutboxBodyProtector bodies,
    MailRateLimiter limits,
    TimeProvider time,
    AppMetrics metrics,
    ILogger<OutboxDelivery> logger
) : BackgroundService
{
    private const int BatchSize = 20;

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private const string ClaimSql = """
        UPDATE email_outbox AS o SET next_attempt_at = @lease_until, attempts = o.attempts + 1
        WHERE o.id IN (
            SELECT d.id FROM email_outbox d
            WHERE d.sent_at IS NULL AND d.failed_at IS NULL AND d.next_attempt_at <= @now
            ORDER BY d.next_attempt_at
            LIMIT @batch
            FOR UPDATE SKIP LOCKED)
        RETURNING o.id AS "Id", o."to" AS "To", o.subject AS "Subject", o.body AS "Body",
            o.legacy_text_body AS "LegacyTextBody", o.legacy_html_body AS "LegacyHtmlBody", o.attempts AS "Attempts"
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var legacyProtected = false;
        var nextSweep = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                if (time.GetUtcNow() >= nextSweep)
                {
                    await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                    await limits.SweepAsync(db, stoppingToken);
                    nextSweep = time.GetUtcNow().AddMinutes(10);
                }

                if (!legacyProtected)
                {
                    await ProtectLegacyBodiesAsync(stoppingToken);
                    legacyProtected = true;
                }

                if (options.CurrentValue.IsConfigured)
                {
                    claimed = await SendDueAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
                when (ex is NpgsqlException or DbUpdateException or InvalidOperationException or TimeoutException)
            {
                LogOutboxUnavailable(ex);
            }

            if (claimed < BatchSize)
            {
                try
                {
                    await signal.WaitAsync(options.CurrentValue.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Rows queued before bodies were encrypted (or by an older instance during an upgrade): a migration cannot reach
    /// the key ring, so the app encrypts their bodies here, after migrations, and erases those of messages already
    /// done. Idempotent and safe beside other instances: each update only applies while the plaintext is still there.
    /// </summary>
    internal async Task<int> ProtectLegacyBodiesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var outbox = db.Set<OutboxMessage>();
        await outbox
            .Where(m =>
                (m.SentAt != null || m.FailedAt != null) && (m.LegacyTextBody != null || m.LegacyHtmlBody != null)
            )
            .ExecuteUpdateAsync(
                s =>
                    s.SetProperty(m => m.LegacyTextBody, (string?)null)
                        .SetProperty(m => m.LegacyHtmlBody, (string?)null),
                ct
            );
        var protectedCount = 0;
        while (true)
        {
            var rows = await outbox
                .Where(m => m.LegacyTextBody != null || m.LegacyHtmlBody != null)
                .OrderBy(m => m.Id)
                .Select(m => new
                {
                    m.Id,
                    m.LegacyTextBody,
                    m.LegacyHtmlBody,
                })
                .Take(BatchSize)
                .ToListAsync(ct);
            if (rows.Count == 0)
            {
                return protectedCount;
            }

            foreach (var row in rows)
            {
                var body = bodies.Protect(row.LegacyTextBody ?? "", row.LegacyHtmlBody ?? "");
                protectedCount += await outbox
                    .Where(m =>
                        m.Id == row.Id
                        && m.LegacyTextBody == row.LegacyTextBody
                        && m.LegacyHtmlBody == row.LegacyHtmlBody
                    )
                    .ExecuteUpdateAsync(
                        s =>
                            s.SetProperty(m => m.Body, body)
                                .SetProperty(m => m.LegacyTextBody, (string?)null)
                                .SetProperty(m => m.LegacyHtmlBody, (string?)null),
                        ct
                    );
            }

            LogLegacyProtected(rows.Count);
        }
    }

    /// <summary>Claims and sends one batch of due messages; returns how many it claimed.</summary>
    internal async Task<int> SendDueAsync(CancellationToken ct)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow();
        List<ClaimedMessage> batch;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            batch = await db
                .Database.SqlQueryRaw<ClaimedMessage>(
                    ClaimSql,
                    new NpgsqlParameter("lease_until", now + Lease),
                    new NpgsqlParameter("now", now),
                    new NpgsqlParameter("batch", BatchSize)
                )
                .ToListAsync(ct);
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        using var client = new SmtpClient { Timeout = 30_000 };
        Exception? connectError = null;
        try
        {
            await ConnectAsync(client, settings, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            connectError = ex;
        }

        foreach (var message in batch)
        {
            if (ReadBody(message) is not { } parts)
            {
                // Without its key the message can never be sent: give it up now rather than retry for hours.
                await RecordAsync(
                    settings,
                    message,
                    new CryptographicException("The message body could not be decrypted."),
                    ct,
                    giveUp: true
                );
                continue;
            }

            var error = connectError;
            if (error is null)
            {
                try
                {
                    await client.SendAsync(ToMime(settings, message, parts), ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    error = ex;
                }
            }

            await RecordAsync(settings, message, error, ct);
        }

        if (client.IsConnected)
        {
            try
            {
                await client.DisconnectAsync(quit: true, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDisconnectFailed(ex);
            }
        }

        return batch.Count;
    }

    private static async Task ConnectAsync(SmtpClient client, EmailOptions settings, CancellationToken ct)
    {
        var smtp = settings.Smtp;
        var security =
            smtp.Port == 465 ? SecureSocketOptions.SslOnConnect
            : smtp.UseStartTls ? SecureSocketOptions.StartTls
            : SecureSocketOptions.None;
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", ct);
        }
    }

    private (string TextBody, string HtmlBody)? ReadBody(ClaimedMessage message) =>
        message.Body is not null ? bodies.Unprotect(message.Body)
        : message.LegacyTextBody is not null || message.LegacyHtmlBody is not null
            ? (message.LegacyTextBody ?? "", message.LegacyHtmlBody ?? "")
        : null;

    private static MimeMessage ToMime(
        EmailOptions settings,
        ClaimedMessage message,
        (string TextBody, string HtmlBody) parts
    )
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(settings.From!));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Body = new BodyBuilder { TextBody = parts.TextBody, HtmlBody = parts.HtmlBody }.ToMessageBody();
        return mime;
    }

    private async Task RecordAsync(
        EmailOptions settings,
        ClaimedMessage message,
        Exception? error,
        CancellationToken ct,
        bool giveUp = false
    )
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = db.Set<OutboxMessage>().Where(m => m.Id == message.Id);
        if (error is null)
        {
            // Sent: the links inside are of no further use to anyone but a thief.
            await row.ExecuteUpdateAsync(
                s =>
                    s.SetProperty(m => m.SentAt, now)
                        .SetProperty(m => m.LastError, (string?)null)
                        .SetProperty(m => m.Body, (string?)null)
                        .SetProperty(m => m.LegacyTextBody, (string?)null)
                        .SetProperty(m => m.LegacyHtmlBody, (string?)null),
                ct
            );
            LogSent(message.Id, message.Attempts);
            metrics.MailSent();
            return;
        }

        var text = error.GetType().Name + ": " + error.Message;
        text = text.Length > 1000 ? text[..1000] : text;
        if (giveUp || message.Attempts >= settings.MaxAttempts)
        {
            await row.ExecuteUpdateAsync(
                s =>
                    s.SetProperty(m => m.FailedAt, now)
                        .SetProperty(m => m.LastError, text)
                        .SetProperty(m => m.Body, (string?)null)
                        .SetProperty(m => m.LegacyTextBody, (string?)null)
                        .SetProperty(m => m.LegacyHtmlBody, (string?)null),
                ct
            );
            LogGivenUp(message.Id, message.Attempts, error.Message);
            metrics.MailFailed(givenUp: true);
            return;
        }

        var delay = RetryDelay(settings, message.Attempts);
        await row.ExecuteUpdateAsync(
            s => s.SetProperty(m => m.NextAttemptAt, now + delay).SetProperty(m => m.LastError, text),
            ct
        );
        LogRetry(message.Id, message.Attempts, delay, error.Message);
        metrics.MailFailed(givenUp: false);
    }

    /// <summary>The wait after the given number of failed attempts: RetryDelay, doubling, at most
    /// MaxRetryDelay.</summary>
    internal static TimeSpan RetryDelay(EmailOptions settings, int failedAttempts)
    {
        var factor = Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 30));
        var ticks = Math.Min(settings.RetryDelay.Ticks * factor, settings.MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private sealed record ClaimedMessage(
        Guid Id,
        string To,
        string Subject,
        string? Body,
        string? LegacyTextBody,
        string? LegacyHtmlBody,
        int Attempts
    );

    [LoggerMessage(Level = LogLevel.Information, Message = "Encrypted the bodies of {Count} mails queued in plaintext")]
    private partial void LogLegacyProtected(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail {MessageId} sent (attempt {Attempt})")]
    private partial void LogSent(Guid messageId, int attempt);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Mail {MessageId} not sent (attempt {Attempt}); retrying in {Delay}: {Reason}"
    )]
    private partial void LogRetry(Guid messageId, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail {MessageId} given up after {Attempt} attempts: {Reason}")]
    private partial void LogGivenUp(Guid messageId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mail outbox could not be read; trying again later")]
    private partial void LogOutboxUnavailable(Exception ex);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the SMTP connection failed")]
    private partial void LogDisconnectFailed(Exception ex);
}
