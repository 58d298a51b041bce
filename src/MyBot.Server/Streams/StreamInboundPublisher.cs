using MyBot.Channels;
using Orleans.Runtime;

namespace MyBot.Server.Streams;

/// <summary>
/// Hands channel messages to the <c>inbound</c> persistent stream, one stream per conversation. <c>OnNextAsync</c>
/// returns once the stream provider has the event durably (a fsynced file, an Azure queue message), which is when a
/// channel may acknowledge its platform.
/// </summary>
public sealed class StreamInboundPublisher(IClusterClient client) : IInboundPublisher
{
    public Task PublishAsync(InboundEvent inboundEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inboundEvent);
        var stream = client.GetStreamProvider(InboundStream.ProviderName)
            .GetStream<InboundEvent>(StreamId.Create(InboundStream.Namespace, inboundEvent.Source.ToString()));
        return stream.OnNextAsync(inboundEvent).WaitAsync(cancellationToken);
    }
}
