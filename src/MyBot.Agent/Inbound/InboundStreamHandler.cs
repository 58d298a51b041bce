using System.Text.Json;
using MyBot.Agent.Sessions;
using MyBot.Channels;
using MyBot.Runtime;
using MyBot.Runtime.Streams;

namespace MyBot.Agent.Inbound;

/// <summary>Feeds the inbound stream to the session grain of each event's source.</summary>
public sealed class InboundStreamHandler(IGrainFactory grains) : IStreamHandler
{
    public string Namespace => InboundPublisher.StreamNamespace;

    public Task HandleAsync(StreamEvent streamEvent, CancellationToken cancellationToken)
    {
        var inbound = JsonSerializer.Deserialize<InboundEvent>(streamEvent.Payload, ChannelJson.Options)
            ?? throw new JsonException("The inbound event is empty.");
        return grains.GetGrain<ISessionGrain>(inbound.Source.ToString()).HandleAsync(inbound, streamEvent.Attempt);
    }
}
