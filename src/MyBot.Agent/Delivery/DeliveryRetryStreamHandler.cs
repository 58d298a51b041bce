using System.Text.Json;
using MyBot.Channels;
using MyBot.Runtime;
using MyBot.Runtime.Streams;

namespace MyBot.Agent.Delivery;

/// <summary>
/// Hands replies retried from the dead letters back to their <see cref="DeliveryGrain"/>. The retry goes through a
/// stream rather than a direct grain call so it is durable before the letter is deleted and runs where the
/// conversation's partition is owned; the stream's message id names the retry, so a redelivered request is applied once.
/// </summary>
public sealed class DeliveryRetryStreamHandler(IGrainFactory grains) : IStreamHandler
{
    public const string StreamNamespace = "delivery-retry";

    public string Namespace => StreamNamespace;

    public Task HandleAsync(StreamEvent streamEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(streamEvent);
        var outbound = JsonSerializer.Deserialize<OutboundEvent>(streamEvent.Payload, ChannelJson.Options)
            ?? throw new JsonException("The retried reply is empty.");
        return grains.GetGrain<IDeliveryGrain>(streamEvent.Key).RedeliverAsync(outbound, streamEvent.MessageId);
    }
}
