using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace MyBot.Orleans.FileStorage.Streams;

/// <summary>
/// Told by the pulling agent when it gave up delivering a batch (after <c>MaxEventDeliveryTime</c>). The cache keeps a
/// failed batch from being reported delivered, so the message stays and comes back after its visibility timeout with
/// its attempt count raised; on its last attempt it goes to the dead letters now instead.
/// </summary>
internal sealed partial class FileQueueFailureHandler(
    QueueId queueId,
    FileQueue queue,
    FileQueueStreamOptions options,
    FileQueueDeadLetterWriter deadLetters,
    ILogger<FileQueueFailureHandler> logger) : IStreamFailureHandler
{
    public bool ShouldFaultSubsriptionOnError => false;

    public Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken) =>
        OnFailureAsync("Delivery to the consumer failed until the pulling agent gave up", streamIdentity, sequenceToken);

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken) =>
        OnFailureAsync("Subscribing the consumer failed", streamIdentity, sequenceToken);

    private async Task OnFailureAsync(string what, StreamId streamId, StreamSequenceToken? sequenceToken)
    {
        if (sequenceToken is null || queue.Find(sequenceToken.SequenceNumber) is not { } message)
        {
            return;
        }

        LogDeliveryFailed(streamId.ToString(), message.MessageId, message.Attempt, options.MaxAttempts);
        if (message.Attempt >= options.MaxAttempts)
        {
            await deadLetters.DeadLetterAsync(queue, queueId, message, $"{what} on attempt {message.Attempt} of {options.MaxAttempts}.", CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {StreamId}: delivery of message {MessageId} failed on attempt {Attempt} of {MaxAttempts}.")]
    private partial void LogDeliveryFailed(string streamId, long messageId, int attempt, int maxAttempts);
}
