using MyBot.Channels;
using Orleans.Runtime;

namespace MyBot.Grains.Tests.Support;

/// <summary>Publishes to the <c>inbound</c> stream of the conversation, as the server's publisher does.</summary>
internal sealed class StreamInboundPublisher(IClusterClient client) : IInboundPublisher
{
    public Task PublishAsync(InboundEvent inboundEvent, CancellationToken cancellationToken) =>
        client.GetStreamProvider(InboundStream.ProviderName)
            .GetStream<InboundEvent>(StreamId.Create(InboundStream.Namespace, inboundEvent.Source.ToString()))
            .OnNextAsync(inboundEvent);
}
