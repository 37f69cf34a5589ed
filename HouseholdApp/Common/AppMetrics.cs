using System.Diagnostics.Metrics;
using HouseholdApp.Data;
using HouseholdApp.Features.Email;
using HouseholdApp.Features.Invites;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Common;

/// <summary>
/// The app's own metrics (meter <c>HouseholdApp</c>); Prometheus shows them with dots as underscores and counters with
/// <c>_total</c>, e.g. <c>householdapp_invite_redemptions_total{outcome="joined"}</c>. Services call it in one line.
/// Without a listener (Metrics:Enabled=false) every call is a cheap no-op and the backlog query never runs.
/// </summary>
public sealed class AppMetrics
{
    public const string MeterName = "HouseholdApp";

    private readonly Counter<long> invitesCreated;
    private readonly Counter<long> redemptions;
    private readonly Counter<long> mailsSent;
    private readonly Counter<long> mailsFailed;
    private readonly UpDownCounter<long> liveCircuits;
    private readonly IServiceScopeFactory scopes;

    public AppMetrics(IMeterFactory meterFactory, IServiceScopeFactory scopes)
    {
        this.scopes = scopes;
        var meter = meterFactory.Create(MeterName);
        invitesCreated = meter.CreateCounter<long>("householdapp.invites.created", "{invite}", "Invite links created.");
        redemptions = meter.CreateCounter<long>(
            "householdapp.invite.redemptions",
            "{redemption}",
            "Attempts to join through a link, by outcome "
                + "(joined, already_member, expired, used, revoked, invalid, ...)."
        );
        mailsSent = meter.CreateCounter<long>("householdapp.mails.sent", "{mail}", "Mails handed to the SMTP server.");
        mailsFailed = meter.CreateCounter<long>(
            "householdapp.mails.failed",
            "{mail}",
            "Failed delivery attempts; outcome is retrying or given_up."
        );
        liveCircuits = meter.CreateUpDownCounter<long>(
            "householdapp.circuits.live",
            "{circuit}",
            "Interactive Blazor circuits open on this instance."
        );
        meter.CreateObservableGauge(
            "householdapp.mail.outbox.backlog",
            ObserveOutboxBacklog,
            "{mail}",
            "Mails waiting in the outbox (not sent, not given up), across all instances."
        );
    }

    public void InviteCreated() => invitesCreated.Add(1);

    /// <summary>Counts a join attempt by its outcome and hands the outcome on, so callers stay one line.</summary>
    public JoinOutcome Redeemed(JoinOutcome outcome)
    {
        if (RedemptionOutcome(outcome) is { } name)
        {
            redemptions.Add(1, new KeyValuePair<string, object?>("outcome", name));
        }

        return outcome;
    }

    public void MailSent() => mailsSent.Add(1);

    public void MailFailed(bool givenUp) =>
        mailsFailed.Add(1, new KeyValuePair<string, object?>("outcome", givenUp ? "given_up" : "retrying"));

    internal void CircuitOpened() => liveCircuits.Add(1);

    internal void CircuitClosed() => liveCircuits.Add(-1);

    /// <summary>The label of an outcome; null when no link was tried (nobody signed in, the account's fields were
    /// invalid).</summary>
    internal static string? RedemptionOutcome(JoinOutcome outcome) =>
        outcome switch
        {
            JoinOutcome.Joined => "joined",
            JoinOutcome.Refused refused => refused.State switch
            {
                InviteState.Malformed or InviteState.Invalid => "invalid",
                InviteState.Expired => "expired",
                InviteState.Used => "used",
                InviteState.Revoked => "revoked",
                InviteState.AlreadyMember => "already_member",
                InviteState.WrongAccount or InviteState.SignInRequired => "wrong_account",
                InviteState.Valid => throw new ArgumentException("A usable link is not a refusal.", nameof(outcome)),
                _ => throw new ArgumentOutOfRangeException(nameof(outcome), refused.State, null),
            },
            JoinOutcome.EmailTaken => "email_taken",
            JoinOutcome.NotSignedIn or JoinOutcome.InvalidAccount => null,
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
        };

    /// <summary>Read when scraped (a few times a minute), so it costs nothing otherwise; no value while the database is
    /// down.</summary>
    private IEnumerable<Measurement<long>> ObserveOutboxBacklog()
    {
        try
        {
            using var scope = scopes.CreateScope();
            using var db = scope
                .ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>()
                .CreateDbContext();
            db.Database.SetCommandTimeout(TimeSpan.FromSeconds(5));
            return
            [
                new Measurement<long>(db.Set<OutboxMessage>().LongCount(m => m.SentAt == null && m.FailedAt == null)),
            ];
        }
        catch (Exception ex)
            when (ErrorHandling.IsDatabaseUnavailable(ex) || ex is TimeoutException or InvalidOperationException)
        {
            return [];
        }
    }
}

/// <summary>Counts the interactive circuits this instance holds open.</summary>
internal sealed class CircuitMetricsHandler(AppMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitClosed();
        return Task.CompletedTask;
    }
}
