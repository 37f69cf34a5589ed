using HouseholdApp.Data;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Email;

/// <summary>A message to send: a plain-text and an HTML part.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody, string HtmlBody);

/// <summary>
/// Puts mail into the outbox. Nothing here talks to a mail server: the outbox row is written with the caller's
/// context (and so in the caller's transaction), and <see cref="OutboxDelivery"/> sends it in the background.
/// </summary>
public sealed class Mailer(IOptionsMonitor<EmailOptions> options, OutboxSignal signal, OutboxBodyProtector bodies, TimeProvider time)
{
    /// <summary>Whether this server sends mail at all (Email:Smtp:Host and Email:From are set).</summary>
    public bool Enabled => options.CurrentValue.IsConfigured;

    /// <summary>Adds the message to <paramref name="db"/>; it is written by the caller's next SaveChanges. Call <see cref="Wake"/> after commit.</summary>
    public void Enqueue(AppDbContext db, EmailMessage message)
    {
        if (!Enabled)
        {
            return;
        }

        var now = time.GetUtcNow();
        db.Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            To = message.To,
            Subject = message.Subject,
            Body = bodies.Protect(message.TextBody, message.HtmlBody),
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }

    /// <summary>Writes the message now (with whatever else <paramref name="db"/> holds) and wakes the sender.</summary>
    public async Task SendAsync(AppDbContext db, EmailMessage message, CancellationToken ct = default)
    {
        Enqueue(db, message);
        await db.SaveChangesAsync(ct);
        Wake();
    }

    /// <summary>Tells this instance's sender that new mail is waiting (other instances find it on their next poll).</summary>
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
