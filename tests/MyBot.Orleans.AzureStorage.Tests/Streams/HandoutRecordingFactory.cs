using MyBot.Orleans.AzureStorage.Streams;
using Orleans.Runtime;
using Orleans.Streams;

namespace MyBot.Orleans.AzureStorage.Tests.Streams;

/// <summary>
/// Passes everything to the factory under test and notes when its receivers last handed messages out, so a test can
/// wait for exactly the visibility timeout Azure applies from then, and which attempt a handed-out batch is.
/// </summary>
internal sealed class HandoutRecordingFactory(IQueueAdapterFactory factory, TimeProvider clock) : IQueueAdapterFactory
{
    private readonly List<DeadLetteringAzureQueueReceiver> _receivers = [];

    public DateTimeOffset LastHandout { get; private set; } = DateTimeOffset.MinValue;

    public int? AttemptOf(IBatchContainer batch) => _receivers.Select(r => r.AttemptOf(batch)).FirstOrDefault(a => a is not null);

    private void RecordHandout() => LastHandout = clock.GetUtcNow();

    public async Task<IQueueAdapter> CreateAdapter() => new RecordingAdapter(await factory.CreateAdapter(CancellationToken.None), this);

    public IQueueAdapterCache GetQueueAdapterCache() => factory.GetQueueAdapterCache();

    public IStreamQueueMapper GetStreamQueueMapper() => factory.GetStreamQueueMapper();

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => factory.GetDeliveryFailureHandler(queueId);

    private sealed class RecordingAdapter(IQueueAdapter adapter, HandoutRecordingFactory owner) : IQueueAdapter
    {
        public string Name => adapter.Name;

        public bool IsRewindable => adapter.IsRewindable;

        public StreamProviderDirection Direction => adapter.Direction;

        public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
            adapter.QueueMessageBatchAsync(streamId, events, token, requestContext);

        public IQueueAdapterReceiver CreateReceiver(QueueId queueId)
        {
            var receiver = (DeadLetteringAzureQueueReceiver)adapter.CreateReceiver(queueId);
            owner._receivers.Add(receiver);
            return new RecordingReceiver(receiver, owner);
        }
    }

    private sealed class RecordingReceiver(IQueueAdapterReceiver receiver, HandoutRecordingFactory owner) : IQueueAdapterReceiver
    {
        public Task Initialize(TimeSpan timeout) => receiver.Initialize(timeout);

        public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
        {
            var batches = await receiver.GetQueueMessagesAsync(maxCount, CancellationToken.None);
            if (batches.Count > 0)
            {
                owner.RecordHandout();
            }

            return batches;
        }

        public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => receiver.MessagesDeliveredAsync(messages, CancellationToken.None);

        public Task Shutdown(TimeSpan timeout) => receiver.Shutdown(timeout);
    }
}
