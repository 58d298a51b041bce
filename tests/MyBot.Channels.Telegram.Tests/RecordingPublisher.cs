using System.Collections.Concurrent;

namespace MyBot.Channels.Telegram.Tests;

/// <summary>
/// Records what a channel published; <see cref="Gate"/> lets a test hold publishing (as if storage were slow), and
/// <see cref="FailWhen"/> makes publishing the matching events fail (as if storage were down).
/// </summary>
internal sealed class RecordingPublisher : IInboundPublisher
{
    private readonly ConcurrentQueue<InboundEvent> _events = new();

    public TaskCompletionSource? Gate { get; set; }

    public Predicate<InboundEvent>? FailWhen { get; set; }

    public IReadOnlyList<InboundEvent> Events => [.. _events];

    public async Task PublishAsync(InboundEvent inboundEvent, CancellationToken cancellationToken)
    {
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (FailWhen?.Invoke(inboundEvent) == true)
        {
            throw new IOException("The stream storage is unavailable.");
        }

        _events.Enqueue(inboundEvent);
    }
}
