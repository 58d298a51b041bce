using MyBot.Channels;

namespace MyBot.Bench;

/// <summary>The HTTP channel, counting the replies it stored, so the benchmark knows when a run is done.</summary>
internal sealed class ReplyCountingChannel(IChannel inner) : IChannel
{
    private long _stored;

    public long RepliesStored => Interlocked.Read(ref _stored);

    public string Platform => inner.Platform;

    public Task RunAsync(IInboundPublisher publisher, CancellationToken stoppingToken) => inner.RunAsync(publisher, stoppingToken);

    public IReadOnlyList<string> Format(string markdown) => inner.Format(markdown);

    public async Task<SendResult> SendAsync(OutboundChunk chunk, CancellationToken cancellationToken)
    {
        var result = await inner.SendAsync(chunk, cancellationToken);
        if (result.Status == SendStatus.Sent)
        {
            Interlocked.Increment(ref _stored);
        }

        return result;
    }

    public Task SendTypingAsync(EventSource source, CancellationToken cancellationToken) => inner.SendTypingAsync(source, cancellationToken);
}
