using MyBot.TestKit;
using MyBot.TestKit.Discord;

namespace MyBot.Channels.Discord.Tests.Support;

/// <summary>A channel's RunAsync in the background, up to a live gateway session; stopped on dispose.</summary>
internal sealed class RunningChannel : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public static async Task<RunningChannel> StartAsync(DiscordTestHost host, FakeDiscord fake, IInboundPublisher publisher)
    {
        var running = new RunningChannel();
        running._run = host.Channel.RunAsync(publisher, running._stop.Token);
        await Eventually.WaitUntilAsync(() => fake.HasLiveSession || running._run.IsCompleted, TimeSpan.FromSeconds(20), "a live gateway session");
        if (running._run.IsFaulted)
        {
            await running._run;
        }

        return running;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }
}
