using HouseholdApp.Data;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Email;

/// <summary>A message to send: a plain-text and an HTML part.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody, string HtmlBody);

/// <summary>
/// Puts mail into the outbox. Nothing here talks to a mail server: the outbox row is written with the caller's
/// context (and so in the caller's transaction), and <see cref="OutboxDelivery"/> sends it in the background.
/// </summary>
public sealed class Mailer(
    IOptionsMonitor<EmailOptions> options,
    OutboxSignal signal,
    OutboxBodyProtector bodies,
    TimeProvider time
)
{
    /// <summary>Whether this server sends mail at all (Email:Smtp:Host and Email:From are set).</summary>
    public bool Enabled => options.CurrentValue.IsConfigured;

    /// <summary>Adds the message to <paramref name="db"/>; it is written by the caller's next SaveChanges. Call <see
    /// cref="Wake"/> after commit.
    /// <paramref name="senderUserId"/> names the account that mails someone else.</summary>
    public void Enqueue(AppDbContext db, EmailMessage message, string? senderUserId = null)
    {
        if (!Enabled)
        {
            return;
        }

        var now = time.GetUtcNow();
        db.Add(
            new OutboxMessage
            {
                Id = Guid.CreateVersion7(now),
                To = message.To,
                Subject = MailText.Inline(message.Subject, OutboxMessage.SubjectMaxLength),
                SenderUserId = senderUserId,
                Body = bodies.Protect(message.TextBody, message.HtmlBody),
                CreatedAt = now,
                NextAttemptAt = now,
            }
        );
    }

    /// <summary>Writes the message now (with whatever else <paramref name="db"/> holds) and wakes the sender.</summary>
    public async Task SendAsync(AppDbContext db, EmailMessage message, CancellationToken ct = default)
    {
        Enqueue(db, message);
        await db.SaveChangesAsync(ct);
        Wake();
    }

    /// <summary>Tells this instance's sender that new mail is waiting (other instances find it on their next
    /// poll).</summary>
    public void Wake() => signal.Wake();
}

/// <summary>Wakes the background sender early.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim semaphore = new(0, 1);

    public void Wake()
    {
        try
        {
            semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await semaphore.WaitAsync(timeout, ct);
}

/// <summary>User text (names) inside a mail: one line, no control or invisible characters, and bounded.</summary>
public static class MailText
{
    public static string Inline(string? value, int maxLength)
    {
        var text = new System.Text.StringBuilder(Math.Min(value?.Length ?? 0, maxLength + 1));
        foreach (var c in value ?? "")
        {
            var category = char.GetUnicodeCategory(c);
            if (
                char.IsWhiteSpace(c)
                || category
                    is System.Globalization.UnicodeCategory.Control
                        or System.Globalization.UnicodeCategory.Format
                        or System.Globalization.UnicodeCategory.LineSeparator
                        or System.Globalization.UnicodeCategory.ParagraphSeparator
            )
            {
                // Line breaks could start a header of their own; direction and zero-width characters could reorder the
                // text.
                if (text.Length > 0 && text[^1] != ' ' && char.IsWhiteSpace(c))
                {
                    text.Append(' ');
                }

                continue;
            }

            text.Append(c);
        }

        var line = text.ToString().Trim();
        return line.Length <= maxLength ? line : line[..(maxLength - 1)].TrimEnd() + "\u2026";
    }
}
