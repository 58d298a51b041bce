using MyBot.Runtime.Storage;

namespace MyBot.TestKit.Storage;

/// <summary>
/// The runtime's one-process leases (<see cref="LocalSingletonLeaseProvider"/>) plus what a test needs of a distributed
/// lease: one another replica holds (<see cref="HeldElsewhere"/>), and a held one taken away (<see cref="LoseHeldLeases"/>).
/// </summary>
public sealed class FaultInjectingLeaseProvider : ISingletonLeaseProvider
{
    private readonly LocalSingletonLeaseProvider _local = new();
    private readonly Lock _gate = new();
    private readonly List<Lease> _held = [];
    private int _acquisitions;

    /// <summary>While true, every lease is refused as if another replica held it.</summary>
    public bool HeldElsewhere { get; set; }

    public int Acquisitions => Volatile.Read(ref _acquisitions);

    public async Task<ISingletonLease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        if (HeldElsewhere || await _local.TryAcquireAsync(name, cancellationToken) is not { } acquired)
        {
            return null;
        }

        var lease = new Lease(acquired, this);
        lock (_gate)
        {
            _held.Add(lease);
        }

        Interlocked.Increment(ref _acquisitions);
        return lease;
    }

    /// <summary>Every lease held now is lost (its renewal failed): its <see cref="ISingletonLease.Lost"/> fires, and it is free again once its holder lets go.</summary>
    public void LoseHeldLeases()
    {
        lock (_gate)
        {
            foreach (var lease in _held)
            {
                lease.LostSource.Cancel();
            }
        }
    }

    private sealed class Lease(ISingletonLease inner, FaultInjectingLeaseProvider owner) : ISingletonLease
    {
        public CancellationTokenSource LostSource { get; } = new();

        public string Name => inner.Name;

        public CancellationToken Lost => LostSource.Token;

        public async ValueTask DisposeAsync()
        {
            lock (owner._gate)
            {
                owner._held.Remove(this);
            }

            LostSource.Dispose();
            await inner.DisposeAsync();
        }
    }
}
