using Orleans.Runtime;
using Orleans.Streams;

namespace MyBot.Orleans.AzureStorage.Streams;

/// <summary>Orleans' Azure queue adapter for sending; our receiver for reading (Orleans' adapter and receiver are internal).</summary>
internal sealed class DeadLetteringAzureQueueAdapter(IQueueAdapter sender, Func<QueueId, IQueueAdapterReceiver> createReceiver) : IQueueAdapter
{
    public string Name => sender.Name;

    public bool IsRewindable => sender.IsRewindable;

    public StreamProviderDirection Direction => sender.Direction;

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
        sender.QueueMessageBatchAsync(streamId, events, token, requestContext);

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => createReceiver(queueId);
}
