using System.Text.Json;
using Microsoft.Extensions.Options;
using MyBot.Runtime.Hosting;
using MyBot.Runtime.Storage;

namespace MyBot.Runtime.Streams;

internal sealed class StreamPublisher(IQueueStorage queues, PartitionSignals signals, IOptions<RuntimeOptions> options, TimeProvider timeProvider) : IStreamPublisher
{
    public async Task PublishAsync(string streamNamespace, string key, string payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamNamespace);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var partition = StableHash.Partition(key, options.Value.Partitions);
        var envelope = new StreamEnvelope(streamNamespace, key, payload, timeProvider.GetUtcNow());
        await queues.EnqueueAsync(partition, JsonSerializer.Serialize(envelope, RuntimeJson.Options), cancellationToken);
        signals.Signal(partition);
    }
}
