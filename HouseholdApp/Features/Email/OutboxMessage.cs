using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HouseholdApp.Features.Email;

/// <summary>
/// A message waiting to be sent (or sent, or given up). Written in the transaction of whatever caused it. Its body
/// holds links with tokens and codes, so it is stored encrypted and erased once the message is sent or given up: what
/// stays for the history is who, what and when.
/// </summary>
public sealed class OutboxMessage
{
    public const int AddressMaxLength = 256;

    public const int SubjectMaxLength = 200;

    public Guid Id { get; set; }

    public required string To { get; set; }

    public required string Subject { get; set; }

    /// <summary>The account that sent it to someone else (an invitation, which names them); its mail goes with
    /// it.</summary>
    public string? SenderUserId { get; set; }

    /// <summary>The plain-text and HTML parts, encrypted with Data Protection (<see cref="OutboxBodyProtector"/>); null
    /// once done.</summary>
    public string? Body { get; set; }

    /// <summary>Plaintext parts of a row written before bodies were encrypted; encrypted (and emptied) at
    /// start-up.</summary>
    public string? LegacyTextBody { get; set; }

    /// <inheritdoc cref="LegacyTextBody"/>
    public string? LegacyHtmlBody { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the sender may next try; while one instance sends, a lease moves it into the future.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public DateTimeOffset? FailedAt { get; set; }

    public string? LastError { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("email_outbox", t =>
        {
            t.HasCheckConstraint("ck_email_outbox_attempts", "attempts >= 0");
            // A message that is done keeps no body, encrypted or not.
            t.HasCheckConstraint(
                "ck_email_outbox_done_without_body",
                "(sent_at IS NULL AND failed_at IS NULL) "
                    + "OR (body IS NULL AND legacy_text_body IS NULL AND legacy_html_body IS NULL)"
            );
        });
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.To).HasMaxLength(OutboxMessage.AddressMaxLength);
        builder.Property(m => m.Subject).HasMaxLength(OutboxMessage.SubjectMaxLength);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder
            .HasOne<HouseholdApp.Data.ApplicationUser>()
            .WithMany()
            .HasForeignKey(m => m.SenderUserId)
            .OnDelete(DeleteBehavior.Cascade);
        // The sender's query: due messages only, oldest first.
        builder
            .HasIndex(m => m.NextAttemptAt)
            .HasFilter("sent_at IS NULL AND failed_at IS NULL")
            .HasDatabaseName("ix_email_outbox_due");
    }
}
