using MyBot.Runtime.Storage;

namespace MyBot.Channels.Discord.Tests.Support;

/// <summary>A lease held by whoever asks first, until disposed; a test can refuse it or take it away.</summary>
internal sealed class TestLeaseProvider : ISingletonLeaseProvider
{
    private readonly Lock _gate = new();
    private Lease? _held;

    public bool HeldElsewhere { get; set; }

    public int Acquisitions { get; private set; }

    public Task<ISingletonLease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (HeldElsewhere || _held is not null)
            {
                return Task.FromResult<ISingletonLease?>(null);
            }

            Acquisitions++;
            _held = new Lease(name, this);
            return Task.FromResult<ISingletonLease?>(_held);
        }
    }

    public void LoseCurrentLease()
    {
        lock (_gate)
        {
            _held?.LostSource.Cancel();
        }
    }

    private sealed class Lease(string name, TestLeaseProvider owner) : ISingletonLease
    {
        public CancellationTokenSource LostSource { get; } = new();

        public string Name => name;

        public CancellationToken Lost => LostSource.Token;

        public ValueTask DisposeAsync()
        {
            lock (owner._gate)
            {
                if (owner._held == this)
                {
                    owner._held = null;
                }
            }

            LostSource.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
