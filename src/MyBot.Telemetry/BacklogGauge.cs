using System.Collections.Concurrent;

namespace MyBot.Telemetry;

/// <summary>
/// The waiting work of this silo's activations (events in session inboxes, replies pending delivery), one count per
/// grain, summed when an observable gauge is read. An activation reports its count after each state write and drops
/// it when it deactivates, so the sum covers what this silo holds; the silos' sums add up to the cluster's.
/// </summary>
public sealed class BacklogGauge
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Set(string grainKey, int count)
    {
        if (count > 0)
        {
            _counts[grainKey] = count;
        }
        else
        {
            _counts.TryRemove(grainKey, out _);
        }
    }

    public void Remove(string grainKey) => _counts.TryRemove(grainKey, out _);

    public long Total()
    {
        long total = 0;
        foreach (var count in _counts.Values)
        {
            total += count;
        }

        return total;
    }
}
