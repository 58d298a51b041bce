using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;

namespace MyBot.Orleans.FileStorage.Streams;

/// <summary>Writes stream events to the file queue of their stream; the write is durable before the returned task completes.</summary>
internal sealed class FileQueueAdapter(string name, FileQueueSet queues, Serializer<FileQueueBatchContainer> serializer, Func<QueueId, IQueueAdapterReceiver> createReceiver) : IQueueAdapter
{
    public string Name { get; } = name;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => createReceiver(queueId);

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
        {
            throw new ArgumentException($"The file stream provider '{Name}' is not rewindable and takes no sequence token.", nameof(token));
        }

        var payload = serializer.SerializeToArray(new FileQueueBatchContainer(streamId, events.Cast<object>().ToList(), requestContext));
        return queues.ForStream(streamId).EnqueueAsync(payload);
    }
}
