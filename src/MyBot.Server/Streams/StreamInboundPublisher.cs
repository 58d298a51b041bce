using System.Diagnostics;
using MyBot.Channels;
using MyBot.Telemetry;
using Orleans.Runtime;

namespace MyBot.Server.Streams;

/// <summary>
/// Hands channel messages to the <c>inbound</c> persistent stream, one stream per conversation. <c>OnNextAsync</c>
/// returns once the stream provider has the event durably (a fsynced file, an Azure queue message), which is when a
/// channel may acknowledge its platform.
/// </summary>
/// <remarks>
/// The publish is a producer span in the trace of the receive (the HTTP request or webhook, with the caller's
/// <c>traceparent</c> when it sent one); the event carries the span's context, as the stream does not.
/// </remarks>
public sealed class StreamInboundPublisher(IClusterClient client) : IInboundPublisher
{
    public async Task PublishAsync(InboundEvent inboundEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inboundEvent);
        using var activity = MyBotTelemetry.Source.StartActivity($"publish {InboundStream.Namespace}", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "orleans");
        activity?.SetTag("messaging.destination.name", InboundStream.Namespace);
        activity?.SetTag("messaging.message.id", inboundEvent.Id);
        activity?.SetTag("mybot.channel", inboundEvent.Source.Platform);
        var traced = inboundEvent with { TraceParent = MyBotTelemetry.CurrentTraceParent() ?? inboundEvent.TraceParent };
        var stream = client.GetStreamProvider(InboundStream.ProviderName)
            .GetStream<InboundEvent>(StreamId.Create(InboundStream.Namespace, inboundEvent.Source.ToString()));
        try
        {
            await stream.OnNextAsync(traced).WaitAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            MyBotTelemetry.Fail(activity, ex.GetType().FullName ?? ex.GetType().Name);
            throw;
        }

        MyBotMetrics.MessageIn(inboundEvent.Source.Platform);
    }
}
