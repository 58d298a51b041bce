using Microsoft.Extensions.Options;
using MyBot.Runtime.Hosting;

namespace MyBot.Runtime.Storage;

/// <summary>The localhost silo's balancer: the one process owns every partition.</summary>
public sealed class LocalPartitionBalancer(IOptions<RuntimeOptions> options) : IPartitionBalancer, IDisposable
{
    private readonly CancellationTokenSource _released = new();
    private int[] _owned = [];

    public event Action<int, CancellationToken>? PartitionAcquired;

    public IReadOnlyCollection<int> OwnedPartitions => _owned;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _owned = [.. Enumerable.Range(0, options.Value.Partitions)];
        foreach (var partition in _owned)
        {
            PartitionAcquired?.Invoke(partition, _released.Token);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _owned = [];
        await _released.CancelAsync();
    }

    public void Dispose() => _released.Dispose();
}
