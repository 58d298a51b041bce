using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace MyBot.Orleans.AzureStorage.Streams;

/// <summary>
/// Told by the pulling agent of one queue when it gave up on a delivery: that counts as an attempt, and on the last one
/// the message goes to the dead letters and leaves the queue (Orleans' default handler does nothing, and the message
/// would return after every visibility timeout for ever).
/// </summary>
internal sealed partial class DeadLetteringStreamFailureHandler(
    Func<DeadLetteringAzureQueueReceiver?> currentReceiver,
    ILogger<DeadLetteringStreamFailureHandler> logger) : IStreamFailureHandler
{
    /// <summary>Implicit subscriptions cannot be faulted; an explicit one keeps going with the next event.</summary>
    public bool ShouldFaultSubsriptionOnError => false;

    public Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        if (currentReceiver() is { } receiver)
        {
            return receiver.DeliveryFailedAsync(subscriptionId, streamIdentity, sequenceToken);
        }

        LogNoReceiver(streamProviderName, streamIdentity.ToString());
        return Task.CompletedTask;
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        LogSubscriptionFailed(streamProviderName, streamIdentity.ToString(), subscriptionId.ToString());
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A delivery on provider {Provider} (stream {StreamId}) failed while its queue has no receiver here; it is dead-lettered once it exceeds MaxAttempts")]
    private partial void LogNoReceiver(string provider, string streamId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing {SubscriptionId} to stream {StreamId} of provider {Provider} failed")]
    private partial void LogSubscriptionFailed(string provider, string streamId, string subscriptionId);
}
