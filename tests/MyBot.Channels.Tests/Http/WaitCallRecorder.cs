using System.Collections.Concurrent;

namespace MyBot.Channels.Tests.Http;

/// <summary>A silo call filter that records the wait of every <see cref="IHttpReplyLogGrain.WaitAsync"/> call.</summary>
internal sealed class WaitCallRecorder : IIncomingGrainCallFilter
{
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name == nameof(IHttpReplyLogGrain.WaitAsync))
        {
            _waits.Enqueue((TimeSpan)context.Request.GetArgument(1)!);
        }

        return context.Invoke();
    }
}
