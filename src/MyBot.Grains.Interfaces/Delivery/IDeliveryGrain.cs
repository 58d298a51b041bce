namespace MyBot.Grains;

/// <summary>The outbox of one EventSource: keeps replies in its state until the channel took them.</summary>
public interface IDeliveryGrain : IGrainWithStringKey
{
    /// <summary>Returns once the events are durable; they are delivered in order, each at most once per id.</summary>
    Task EnqueueAsync(IReadOnlyList<OutboundEvent> events);

    /// <summary>
    /// Queues a reply taken back from the dead letters as if it were new: the dedupe forgets its id and its attempts
    /// start at zero. A call repeated with the same <paramref name="retryId"/> does nothing, and if the reply fails for
    /// good again it becomes a new dead letter rather than the one being retried.
    /// </summary>
    Task RedeliverAsync(OutboundEvent outbound, string retryId);

    Task<int> PendingCountAsync();

    /// <summary>The recorded deliveries of the replies to one inbound event: pending ones and recent ones.</summary>
    Task<IReadOnlyList<DeliveryTrace>> GetTracesAsync(string inboundId);
}
