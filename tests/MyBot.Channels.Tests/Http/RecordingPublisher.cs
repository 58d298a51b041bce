using System.Collections.Concurrent;

namespace MyBot.Channels.Tests.Http;

/// <summary>An inbound publisher that records events and can be made to hold or fail.</summary>
internal sealed class RecordingPublisher : IInboundPublisher
{
    private readonly ConcurrentQueue<InboundEvent> _events = new();
    private int _attempts;

    public IReadOnlyList<InboundEvent> Events => [.. _events];

    /// <summary>When set, publishing waits for it, so a test can see that the answer waits for durability.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public Exception? Failure { get; set; }

    public int Attempts => Volatile.Read(ref _attempts);

    public async Task PublishAsync(InboundEvent inboundEvent, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        _events.Enqueue(inboundEvent);
    }
}
