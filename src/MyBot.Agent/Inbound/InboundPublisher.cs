using System.Text.Json;
using MyBot.Channels;
using MyBot.Runtime.Streams;

namespace MyBot.Agent.Inbound;

/// <summary>Hands channel messages to the inbound stream, keyed by their EventSource so a conversation stays in order.</summary>
public sealed class InboundPublisher(IStreamPublisher streams) : IInboundPublisher
{
    public const string StreamNamespace = "inbound";

    public Task PublishAsync(InboundEvent inboundEvent, CancellationToken cancellationToken) =>
        streams.PublishAsync(StreamNamespace, inboundEvent.Source.ToString(), JsonSerializer.Serialize(inboundEvent, ChannelJson.Options), cancellationToken);
}
