using System.Globalization;
using HouseholdApp.Data;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace HouseholdApp.Features.Households;

/// <summary>
/// Notifications that a household's members or invites changed, so open pages refresh without a reload. Services
/// publish after their transaction commits; pages subscribe while open. A change reaches this instance's pages at
/// once and every other instance on the database through PostgreSQL's LISTEN/NOTIFY: each instance listens on one
/// dedicated connection (outside the pool) and reconnects by itself when the database comes back.
/// </summary>
public sealed partial class HouseholdEvents(DatabaseConnection database, ILogger<HouseholdEvents> logger)
    : BackgroundService
{
    /// <summary>The channel every instance listens on; a payload is "sender instance id:household id".</summary>
    public const string Channel = "household_events";

    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(10);

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, List<Subscription>> subscribers = [];
    private readonly string instanceId = Guid.NewGuid().ToString("N");
    private volatile bool listening;

    /// <summary>True while the listening connection is up (tests wait for it before crossing instances).</summary>
    public bool IsListening => listening;

    public IDisposable Subscribe(Guid householdId, Func<Task> onChanged)
    {
        var subscription = new Subscription(this, householdId, onChanged);
        lock (gate)
        {
            if (!subscribers.TryGetValue(householdId, out var list))
            {
                subscribers[householdId] = list = [];
            }

            list.Add(subscription);
        }

        return subscription;
    }

    /// <summary>Tells every open page of the household, on every instance, that something changed. Never
    /// throws.</summary>
    public void Publish(Guid householdId)
    {
        Deliver(householdId);
        _ = NotifyOtherInstancesAsync(householdId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listenerConnection = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            // Its own physical connection: a LISTEN must stay on one session, and must not hold a pool slot.
            Pooling = false,
            KeepAlive = 15,
            ApplicationName = "HouseholdApp events",
        }.ConnectionString;
        var delay = TimeSpan.FromSeconds(1);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listenerConnection);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                listening = true;
                if (failures > 0)
                {
                    LogReconnected(failures);

                    // Changes made while we were deaf were not heard: every open page reloads once.
                    DeliverToAll();
                }

                failures = 0;
                delay = TimeSpan.FromSeconds(1);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
                when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                listening = false;
                failures++;
                if (failures == 1)
                {
                    LogListenerLost(ex.GetBaseException().Message);
                }

                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
            }
        }

        listening = false;
    }

    private void OnNotification(string payload)
    {
        var separator = payload.IndexOf(':', StringComparison.Ordinal);
        if (
            separator < 0
            || payload.AsSpan(0, separator).SequenceEqual(instanceId)
            || !Guid.TryParse(payload.AsSpan(separator + 1), CultureInfo.InvariantCulture, out var householdId)
        )
        {
            return;
        }

        Deliver(householdId);
    }

    private async Task NotifyOtherInstancesAsync(Guid householdId)
    {
        try
        {
            // A pooled connection, briefly; pg_notify takes the channel and payload as parameters.
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
            notify.Parameters.AddWithValue("channel", Channel);
            notify.Parameters.AddWithValue("payload", $"{instanceId}:{householdId}");
            await notify.ExecuteNonQueryAsync();
        }
        catch (Exception ex)
            when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            // The change itself is committed; other instances' pages catch up on their next reload or reconnect.
            LogNotifyFailed(householdId, ex.GetBaseException().Message);
        }
    }

    private void Deliver(Guid householdId)
    {
        Subscription[] targets;
        lock (gate)
        {
            targets = subscribers.TryGetValue(householdId, out var list) ? [.. list] : [];
        }

        foreach (var subscription in targets)
        {
            _ = NotifyAsync(subscription);
        }
    }

    private void DeliverToAll()
    {
        Subscription[] targets;
        lock (gate)
        {
            targets = [.. subscribers.Values.SelectMany(list => list)];
        }

        foreach (var subscription in targets)
        {
            _ = NotifyAsync(subscription);
        }
    }

    private async Task NotifyAsync(Subscription subscription)
    {
        try
        {
            await subscription.OnChanged();
        }
        catch (Exception ex)
        {
            LogListenerFailed(ex, subscription.HouseholdId);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (gate)
        {
            if (
                subscribers.TryGetValue(subscription.HouseholdId, out var list)
                && list.Remove(subscription)
                && list.Count == 0
            )
            {
                subscribers.Remove(subscription.HouseholdId);
            }
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "A household change listener failed for household {HouseholdId}"
    )]
    private partial void LogListenerFailed(Exception exception, Guid householdId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Lost the database connection that carries changes from other instances ({Reason}); reconnecting"
    )]
    private partial void LogListenerLost(string reason);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Listening for changes from other instances again after {Failures} failed attempts"
    )]
    private partial void LogReconnected(int failures);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Could not tell other instances that household {HouseholdId} changed: {Reason}"
    )]
    private partial void LogNotifyFailed(Guid householdId, string reason);

    private sealed class Subscription(HouseholdEvents owner, Guid householdId, Func<Task> onChanged) : IDisposable
    {
        private int disposed;

        public Guid HouseholdId => householdId;

        public Func<Task> OnChanged => onChanged;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Remove(this);
            }
        }
    }
}

public static class HouseholdEventsSetup
{
    /// <summary>One bus per instance, which also runs as the hosted service that listens for the other
    /// instances.</summary>
    public static IHostApplicationBuilder AddHouseholdEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<HouseholdEvents>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HouseholdEvents>());
        return builder;
    }
}
