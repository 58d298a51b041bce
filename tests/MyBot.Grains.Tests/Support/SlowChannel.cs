using MyBot.Channels;

namespace MyBot.Grains.Tests.Support;

/// <summary>A platform that takes its time to accept each message (real time), one chunk per message.</summary>
internal sealed class SlowChannel(TimeSpan sendTime) : IChannel
{
    private int _started;
    private int _sent;

    public string Platform => "slow";

    public int Started => Volatile.Read(ref _started);

    public int Sent => Volatile.Read(ref _sent);

    public Task RunAsync(IInboundPublisher publisher, CancellationToken stoppingToken) => Task.CompletedTask;

    public IReadOnlyList<string> Format(string markdown) => [markdown];

    public async Task<SendResult> SendAsync(OutboundChunk chunk, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        await Task.Delay(sendTime, cancellationToken);
        Interlocked.Increment(ref _sent);
        return SendResult.Sent($"slow-{Sent}");
    }

    public Task SendTypingAsync(EventSource source, CancellationToken cancellationToken) => Task.CompletedTask;
}
