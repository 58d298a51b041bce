using System.Collections.Concurrent;
using MyBot.Channels;

namespace MyBot.Agent.Tests;

/// <summary>A channel that records what the delivery grain sends, for grain-level tests.</summary>
internal sealed class RecordingChannel : IChannel
{
    public const string Name = "test";

    public ConcurrentQueue<OutboundChunk> Sent { get; } = new();

    public string Platform => Name;

    public Task RunAsync(IInboundPublisher publisher, CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);

    public IReadOnlyList<string> Format(string markdown) => [markdown];

    public Task<SendResult> SendAsync(OutboundChunk chunk, CancellationToken cancellationToken)
    {
        Sent.Enqueue(chunk);
        return Task.FromResult(SendResult.Sent($"p{Sent.Count}"));
    }

    public Task SendTypingAsync(EventSource source, CancellationToken cancellationToken) => Task.CompletedTask;
}
