namespace HouseholdApp.Features.Households;

/// <summary>
/// In-process notifications that a household's members or invites changed, so open pages refresh
/// without a reload. Services publish after their transaction commits; pages subscribe while open.
/// </summary>
public sealed class HouseholdEvents(ILogger<HouseholdEvents> logger)
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, List<Subscription>> subscribers = [];

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

    /// <summary>Tells every open page of the household that something changed. Never throws.</summary>
    public void Publish(Guid householdId)
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

    private async Task NotifyAsync(Subscription subscription)
    {
        try
        {
            await subscription.OnChanged();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A household change listener failed for household {HouseholdId}", subscription.HouseholdId);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (gate)
        {
            if (subscribers.TryGetValue(subscription.HouseholdId, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                subscribers.Remove(subscription.HouseholdId);
            }
        }
    }

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
