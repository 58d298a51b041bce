using System.Collections.Concurrent;
using MyBot.Channels;

namespace MyBot.TestKit.Channels;

/// <summary>
/// A platform stand-in for grain tests: splits text into fixed-size chunks, records every send, and answers each
/// send with the next scripted result (Sent when the script is empty).
/// </summary>
public sealed class RecordingChannel(string platform = "test", int chunkSize = 10) : IChannel
{
    private readonly ConcurrentQueue<SendResult> _script = new();

    public string Platform { get; } = platform;

    public ConcurrentQueue<OutboundChunk> Attempts { get; } = new();

    public ConcurrentQueue<OutboundChunk> Delivered { get; } = new();

    public ConcurrentQueue<EventSource> Typing { get; } = new();

    public void Script(params SendResult[] results)
    {
        foreach (var result in results)
        {
            _script.Enqueue(result);
        }
    }

    public async Task RunAsync(IInboundPublisher publisher, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public IReadOnlyList<string> Format(string markdown) => markdown.Chunk(chunkSize).Select(c => new string(c)).ToList();

    public Task<SendResult> SendAsync(OutboundChunk chunk, CancellationToken cancellationToken)
    {
        Attempts.Enqueue(chunk);
        var result = _script.TryDequeue(out var scripted) ? scripted : SendResult.Sent($"m{Attempts.Count}");
        if (result.Status == SendStatus.Sent)
        {
            Delivered.Enqueue(chunk);
        }

        return Task.FromResult(result);
    }

    public Task SendTypingAsync(EventSource source, CancellationToken cancellationToken)
    {
        Typing.Enqueue(source);
        return Task.CompletedTask;
    }
}
