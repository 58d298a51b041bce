using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MyBot.Channels.Hosting;
using MyBot.TestKit;
using MyBot.TestKit.Time;

namespace MyBot.Channels.Tests.Hosting;

public sealed class ChannelHostTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_crashing_channel_restarts_with_doubling_backoff_while_another_keeps_running()
    {
        var crashing = new ScriptedChannel("crashy", ScriptedChannel.Crash("boom 1"), ScriptedChannel.Crash("boom 2"));
        var healthy = new ScriptedChannel("healthy");
        await using var host = await StartAsync(crashing, healthy);

        await WaitForStateAsync(host.Host, "crashy", ChannelState.Restarting);
        Assert.Equal(1, crashing.Starts);
        Assert.Equal(ChannelState.Running, Status(host.Host, "healthy").State);
        Assert.Equal("boom 1", Status(host.Host, "crashy").LastError);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(1), Status(host.Host, "crashy").NextStartAt);

        await AdvanceWhenArmedAsync(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, crashing.Starts);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.WaitUntilAsync(() => crashing.Starts == 2, Bound, "the first restart");

        await WaitForStateAsync(host.Host, "crashy", ChannelState.Restarting);
        await AdvanceWhenArmedAsync(TimeSpan.FromSeconds(1.5));
        Assert.Equal(2, crashing.Starts);
        _time.Advance(TimeSpan.FromSeconds(0.5));
        await WaitForStateAsync(host.Host, "crashy", ChannelState.Running);

        Assert.Equal(3, crashing.Starts);
        Assert.Equal(2, Status(host.Host, "crashy").Restarts);
        Assert.Equal(1, healthy.Starts);
    }

    [Fact]
    public async Task A_fatal_error_stops_the_channel_for_good_with_its_message()
    {
        var broken = new ScriptedChannel("broken", ScriptedChannel.Fatal("MyBot:Broken:Token was rejected"));
        var healthy = new ScriptedChannel("healthy");
        await using var host = await StartAsync(broken, healthy);

        await WaitForStateAsync(host.Host, "broken", ChannelState.Failed);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(1, broken.Starts);
        Assert.Equal("MyBot:Broken:Token was rejected", Status(host.Host, "broken").LastError);
        Assert.Equal(ChannelState.Running, Status(host.Host, "healthy").State);
        Assert.True(host.Host.AllStarted);
    }

    [Fact]
    public async Task A_disabled_channel_is_not_started_and_says_what_to_set()
    {
        var disabled = new ScriptedChannel("telegram") { IsEnabled = false };
        await using var host = await StartAsync(disabled);

        await WaitForStateAsync(host.Host, "telegram", ChannelState.Disabled);

        Assert.Equal(0, disabled.Starts);
        Assert.Equal("set MyBot:telegram:Token", Status(host.Host, "telegram").LastError);
        Assert.True(host.Host.AllStarted);
    }

    [Fact]
    public async Task Stopping_the_host_cancels_every_channel()
    {
        var channel = new ScriptedChannel("one");
        var host = await StartAsync(channel);
        await WaitForStateAsync(host.Host, "one", ChannelState.Running);

        await host.DisposeAsync();

        Assert.Equal(ChannelState.Stopped, Status(host.Host, "one").State);
    }

    [Fact]
    public async Task A_channel_that_ran_long_enough_restarts_from_the_first_delay_again()
    {
        var longRunCrash = new TaskCompletionSource();
        var channel = new ScriptedChannel(
            "flaky",
            ScriptedChannel.Crash("first"),
            ScriptedChannel.Crash("second"),
            _ => longRunCrash.Task);
        await using var host = await StartAsync(channel, new ChannelHostOptions { RestartDelay = TimeSpan.FromSeconds(1), MaxRestartDelay = TimeSpan.FromSeconds(10) });

        await WaitForStateAsync(host.Host, "flaky", ChannelState.Restarting);
        await AdvanceWhenArmedAsync(TimeSpan.FromSeconds(1));
        await Eventually.WaitUntilAsync(() => channel.Starts == 2, Bound, "second start");
        await WaitForStateAsync(host.Host, "flaky", ChannelState.Restarting);
        await AdvanceWhenArmedAsync(TimeSpan.FromSeconds(2));
        await Eventually.WaitUntilAsync(() => channel.Starts == 3, Bound, "third start");

        _time.Advance(TimeSpan.FromSeconds(30));
        longRunCrash.SetException(new InvalidOperationException("after a long run"));
        await WaitForStateAsync(host.Host, "flaky", ChannelState.Restarting);

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(1), Status(host.Host, "flaky").NextStartAt);
    }

    [Fact]
    public void The_registry_finds_channels_by_platform_and_rejects_two_for_one_platform()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IInboundPublisher, NullPublisher>();
        services.AddChannel<HttpLikeChannel>();
        services.AddChannel<HttpLikeChannel>();
        using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IChannelRegistry>();

        Assert.Same(provider.GetRequiredService<HttpLikeChannel>(), registry.Get("httplike"));
        Assert.Single(registry.Channels);
        Assert.False(registry.TryGet("nope", out _));
        var missing = Assert.Throws<KeyNotFoundException>(() => registry.Get("nope"));
        Assert.Contains("httplike", missing.Message, StringComparison.Ordinal);

        var duplicate = Assert.Throws<InvalidOperationException>(() => new ChannelRegistry([new ScriptedChannel("x"), new ScriptedChannel("x")]));
        Assert.Contains("'x'", duplicate.Message, StringComparison.Ordinal);
    }

    private async Task<RunningHost> StartAsync(params ScriptedChannel[] channels) => await StartAsync(channels, new ChannelHostOptions());

    private async Task<RunningHost> StartAsync(ScriptedChannel channel, ChannelHostOptions options) => await StartAsync([channel], options);

    private async Task<RunningHost> StartAsync(ScriptedChannel[] channels, ChannelHostOptions options)
    {
        var host = new ChannelHost(
            new ChannelRegistry(channels),
            new NullPublisher(),
            Microsoft.Extensions.Options.Options.Create(options),
            _time,
            NullLogger<ChannelHost>.Instance);
        await host.StartAsync(CancellationToken.None);
        return new RunningHost(host);
    }

    private async Task AdvanceWhenArmedAsync(TimeSpan delta)
    {
        await Eventually.WaitUntilAsync(() => _time.ActiveTimerCount > 0, Bound, "the restart timer");
        _time.Advance(delta);
    }

    private static ChannelStatus Status(ChannelHost host, string platform) => host.Statuses.Single(s => s.Platform == platform);

    private static Task WaitForStateAsync(ChannelHost host, string platform, ChannelState state) =>
        Eventually.WaitUntilAsync(() => Status(host, platform).State == state, Bound, $"{platform} to be {state}");

    private sealed class RunningHost(ChannelHost host) : IAsyncDisposable
    {
        private bool _stopped;

        public ChannelHost Host => host;

        public async ValueTask DisposeAsync()
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }

    private sealed class NullPublisher : IInboundPublisher
    {
        public Task PublishAsync(InboundEvent inboundEvent, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class HttpLikeChannel : IChannel
    {
        public string Platform => "httplike";

        public Task RunAsync(IInboundPublisher publisher, CancellationToken stoppingToken) => Task.CompletedTask;

        public IReadOnlyList<string> Format(string markdown) => [markdown];

        public Task<SendResult> SendAsync(OutboundChunk chunk, CancellationToken cancellationToken) => Task.FromResult(SendResult.Sent());

        public Task SendTypingAsync(EventSource source, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
