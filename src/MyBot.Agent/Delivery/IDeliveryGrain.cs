using MyBot.Channels;
using MyBot.Runtime;

namespace MyBot.Agent.Delivery;

/// <summary>The outbox of one EventSource: keeps replies in its state until the channel took them.</summary>
public interface IDeliveryGrain : IGrainWithStringKey
{
    /// <summary>Returns once the events are durable; they are delivered in order, each at most once per id.</summary>
    Task EnqueueAsync(IReadOnlyList<OutboundEvent> events);

    Task<int> PendingCountAsync();
}
