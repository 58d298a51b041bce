using System.Collections.Concurrent;
using MyBot.Runtime.Streams;

namespace MyBot.TestKit.Grains;

/// <summary>A stream handler that records what it was handed and can be told to fail for some keys.</summary>
public sealed class ProbeStreamHandler(string streamNamespace) : IStreamHandler
{
    public string Namespace { get; } = streamNamespace;

    public ConcurrentQueue<StreamEvent> Received { get; } = new();

    public Func<StreamEvent, Task>? OnEvent { get; set; }

    public async Task HandleAsync(StreamEvent streamEvent, CancellationToken cancellationToken)
    {
        Received.Enqueue(streamEvent);
        if (OnEvent is not null)
        {
            await OnEvent(streamEvent);
        }
    }
}
