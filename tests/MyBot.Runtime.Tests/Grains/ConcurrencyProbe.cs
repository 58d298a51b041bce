using System.Collections.Concurrent;

namespace MyBot.Runtime.Tests.Grains;

/// <summary>Records the most calls that overlapped, per key and overall.</summary>
public sealed class ConcurrencyProbe
{
    private readonly ConcurrentDictionary<string, int> _current = new();
    private readonly ConcurrentDictionary<string, int> _max = new();
    private int _overall;
    private int _maxOverall;

    public int MaxOverall => _maxOverall;

    public int MaxFor(string key) => _max.GetValueOrDefault(key);

    public IDisposable Enter(string key)
    {
        var now = _current.AddOrUpdate(key, 1, (_, v) => v + 1);
        _max.AddOrUpdate(key, now, (_, v) => Math.Max(v, now));
        var overall = Interlocked.Increment(ref _overall);
        int seen;
        while ((seen = _maxOverall) < overall && Interlocked.CompareExchange(ref _maxOverall, overall, seen) != seen)
        {
        }

        return new Exit(this, key);
    }

    private sealed class Exit(ConcurrencyProbe probe, string key) : IDisposable
    {
        public void Dispose()
        {
            probe._current.AddOrUpdate(key, 0, (_, v) => v - 1);
            Interlocked.Decrement(ref probe._overall);
        }
    }
}
