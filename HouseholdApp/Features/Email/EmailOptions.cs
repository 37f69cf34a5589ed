namespace HouseholdApp.Features.Email;

/// <summary>Outgoing mail (section <c>Email</c>). Without a host and a sender address the app sends no mail.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender, such as <c>HouseholdApp &lt;household@example.org&gt;</c>.</summary>
    public string? From { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Back-off after the first failed attempt; it doubles with each further failure.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this many failed attempts a message is given up (kept in the outbox, marked failed).</summary>
    public int MaxAttempts { get; set; } = 20;

    /// <summary>How often the outbox is checked when nothing wakes the sender earlier.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Smtp.Host) && !string.IsNullOrWhiteSpace(From);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Upgrade the connection with STARTTLS (required when true). Port 465 uses TLS from the start
    /// instead.</summary>
    public bool UseStartTls { get; set; } = true;
}
