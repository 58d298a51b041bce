namespace MyBot.Runtime.Streams;

/// <summary>Wakes a partition's pulling agent when this process published to it, so a local event needs no poll.</summary>
internal sealed class PartitionSignals
{
    private readonly Dictionary<int, SemaphoreSlim> _signals = [];
    private readonly Lock _gate = new();

    public void Signal(int partition)
    {
        var signal = For(partition);
        if (signal.CurrentCount == 0)
        {
            signal.Release();
        }
    }

    public async Task WaitAsync(int partition, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await For(partition).WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    private SemaphoreSlim For(int partition)
    {
        lock (_gate)
        {
            if (!_signals.TryGetValue(partition, out var signal))
            {
                _signals[partition] = signal = new SemaphoreSlim(0, 1);
            }

            return signal;
        }
    }
}
