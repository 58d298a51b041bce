namespace MyBot.Channels;

/// <summary>How a channel hands a message over to the agent.</summary>
public interface IInboundPublisher
{
    /// <summary>Returns only once the event is durable: a channel acknowledges its platform (offset, 200) after this.</summary>
    Task PublishAsync(InboundEvent inboundEvent, CancellationToken cancellationToken);
}
