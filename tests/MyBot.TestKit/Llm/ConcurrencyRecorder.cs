namespace MyBot.TestKit.Llm;

/// <summary>Counts overlapping calls per key (e.g. per event source), to prove one turn at a time per session.</summary>
public sealed class ConcurrencyRecorder
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _max = new(StringComparer.Ordinal);
    private int _currentTotal;

    public int MaxTotal { get; private set; }

    public IReadOnlyDictionary<string, int> MaxPerKey
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, int>(_max, StringComparer.Ordinal);
            }
        }
    }

    internal IDisposable Enter(string key)
    {
        lock (_gate)
        {
            var now = _current.GetValueOrDefault(key) + 1;
            _current[key] = now;
            _max[key] = Math.Max(_max.GetValueOrDefault(key), now);
            _currentTotal++;
            MaxTotal = Math.Max(MaxTotal, _currentTotal);
        }

        return new Exit(this, key);
    }

    private sealed class Exit(ConcurrencyRecorder owner, string key) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) != 0)
            {
                return;
            }

            lock (owner._gate)
            {
                owner._current[key]--;
                owner._currentTotal--;
            }
        }
    }
}
