using System.Collections.Concurrent;

namespace MyBot.Channels.Discord.Tests.Support;

internal sealed class RecordingPublisher : IInboundPublisher
{
    private readonly ConcurrentQueue<InboundEvent> _events = new();

    public IReadOnlyList<InboundEvent> Events => [.. _events];

    public Task PublishAsync(InboundEvent inboundEvent, CancellationToken cancellationToken)
    {
        _events.Enqueue(inboundEvent);
        return Task.CompletedTask;
    }
}
