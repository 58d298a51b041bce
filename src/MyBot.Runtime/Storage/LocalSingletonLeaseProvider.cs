using System.Collections.Concurrent;

namespace MyBot.Runtime.Storage;

/// <summary>Singleton leases within one process; the file store's data directory lock makes the process itself unique.</summary>
public sealed class LocalSingletonLeaseProvider : ISingletonLeaseProvider
{
    private readonly ConcurrentDictionary<string, Lease> _held = new(StringComparer.Ordinal);

    public Task<ISingletonLease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var lease = new Lease(name, this);
        return Task.FromResult<ISingletonLease?>(_held.TryAdd(name, lease) ? lease : null);
    }

    private sealed class Lease(string name, LocalSingletonLeaseProvider owner) : ISingletonLease
    {
        public string Name { get; } = name;

        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync()
        {
            owner._held.TryRemove(new KeyValuePair<string, Lease>(Name, this));
            return ValueTask.CompletedTask;
        }
    }
}
