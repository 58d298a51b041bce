using System.Collections.Concurrent;
using MyBot.Channels;
using MyBot.Channels.Hosting;

namespace MyBot.Channels.Tests.Hosting;

/// <summary>A channel whose successive runs follow a script: crash, fail fatally, or run until stopped.</summary>
internal sealed class ScriptedChannel(string platform, params Func<CancellationToken, Task>[] runs) : IOptionalChannel
{
    private readonly ConcurrentQueue<Func<CancellationToken, Task>> _runs = new(runs);
    private int _starts;

    public string Platform => platform;

    public bool IsEnabled { get; init; } = true;

    public string DisabledReason => $"set MyBot:{platform}:Token";

    public int Starts => Volatile.Read(ref _starts);

    public static Func<CancellationToken, Task> Crash(string message) => _ => Task.FromException(new InvalidOperationException(message));

    public static Func<CancellationToken, Task> Fatal(string message) => _ => Task.FromException(new ChannelFatalException(message));

    public static Func<CancellationToken, Task> UntilStopped => token => Task.Delay(Timeout.Infinite, token);

    public Task RunAsync(IInboundPublisher publisher, CancellationToken stoppingToken)
    {
        Interlocked.Increment(ref _starts);
        return _runs.TryDequeue(out var run) ? run(stoppingToken) : UntilStopped(stoppingToken);
    }

    public IReadOnlyList<string> Format(string markdown) => [markdown];

    public Task<SendResult> SendAsync(OutboundChunk chunk, CancellationToken cancellationToken) => Task.FromResult(SendResult.Sent());

    public Task SendTypingAsync(EventSource source, CancellationToken cancellationToken) => Task.CompletedTask;
}
