using MyBot.Channels.Discord.Gateway;
using MyBot.Channels.Discord.Tests.Support;
using MyBot.TestKit;
using MyBot.TestKit.Discord;
using MyBot.TestKit.Time;

namespace MyBot.Channels.Discord.Tests.Gateway;

public sealed class DiscordGatewayClientTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Identify_AsksForGuildMessagesDirectMessagesAndMessageContent()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.DisallowMessageContentIntent = true;
        await using var host = DiscordTestHost.Create(fake);

        var error = await Assert.ThrowsAsync<ChannelFatalException>(
            () => host.Gateway.RunAsync(new RecordingGatewayHandler(), CancellationToken.None).WaitAsync(Bound));

        Assert.Contains("4014", error.Message, StringComparison.Ordinal);
        Assert.Contains("Message Content intent", error.Message, StringComparison.Ordinal);
        Assert.Contains("developer portal", error.Message, StringComparison.Ordinal);
        Assert.Equal(1 << 9 | 1 << 12 | 1 << 15, (int)DiscordGatewayClient.Intents);
        Assert.Equal(1, fake.GatewayStats.Identifies);
    }

    [Fact]
    public async Task AuthenticationFailedClose_IsFatalAndNamesTheTokenSetting()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.RejectIdentify = true;
        await using var host = DiscordTestHost.Create(fake);

        var error = await Assert.ThrowsAsync<ChannelFatalException>(
            () => host.Gateway.RunAsync(new RecordingGatewayHandler(), CancellationToken.None).WaitAsync(Bound));

        Assert.Contains("4004", error.Message, StringComparison.Ordinal);
        Assert.Contains("MyBot:Discord:BotToken", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fake.Token, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, fake.GatewayStats.Connections);
    }

    [Fact]
    public async Task FirstHeartbeat_ComesAtTheJitteredPointOfTheInterval()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync();
        fake.HeartbeatIntervalMs = 1000;
        await using var host = DiscordTestHost.Create(fake, time, jitter: 0.25);
        var handler = new RecordingGatewayHandler();
        using var stop = new CancellationTokenSource();
        var run = host.Gateway.RunAsync(handler, stop.Token);

        await Eventually.WaitUntilAsync(() => handler.Readies.Count == 1 && time.ActiveTimerCount >= 1, Bound, "READY and the heartbeat timer");
        time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.Equal(0, fake.GatewayStats.Heartbeats);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.WaitUntilAsync(() => fake.GatewayStats.Heartbeats == 1, Bound, "the first heartbeat");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Bound));
    }

    [Fact]
    public async Task MissedHeartbeatAck_ResumesAtResumeUrl_AndDeliversTheMessageSentDuringTheGap()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync();
        fake.HeartbeatIntervalMs = 1000;
        await using var host = DiscordTestHost.Create(fake, time, jitter: 0.5);
        var handler = new RecordingGatewayHandler();
        using var stop = new CancellationTokenSource();
        var run = host.Gateway.RunAsync(handler, stop.Token);
        var user = fake.CreateUser("ann");
        await Eventually.WaitUntilAsync(() => handler.Readies.Count == 1 && time.ActiveTimerCount >= 1, Bound, "READY and the heartbeat timer");

        fake.SilenceCurrentConnection();
        time.Advance(TimeSpan.FromMilliseconds(500));
        await Eventually.WaitUntilAsync(() => fake.GatewayStats.Heartbeats == 1 && time.ActiveTimerCount >= 1, Bound, "the unanswered heartbeat");
        var duringGap = await fake.SendDirectMessageAsync(user, "sent while the connection was dead");
        Assert.Empty(handler.Messages);

        time.Advance(TimeSpan.FromMilliseconds(1000));
        await Eventually.WaitUntilAsync(() => handler.Messages.Count == 1, Bound, "the gap's message after RESUME");

        Assert.Equal(duringGap.Id, handler.Messages[0].Id);
        var stats = fake.GatewayStats;
        Assert.Equal((1, 1, 2), (stats.Identifies, stats.Resumes, stats.Connections));
        Assert.Equal(1, stats.ResumeUrlConnections);
        Assert.Single(handler.Readies);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Bound));
    }

    [Fact]
    public async Task InvalidSessionOnResume_IdentifiesAfresh()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake, jitter: 0);
        var handler = new RecordingGatewayHandler();
        using var stop = new CancellationTokenSource();
        var run = host.Gateway.RunAsync(handler, stop.Token);
        await Eventually.WaitUntilAsync(() => handler.Readies.Count == 1, Bound, "READY");

        fake.InvalidateSessionOnResume = true;
        await fake.CloseGatewayAsync(4000, "drop");
        await Eventually.WaitUntilAsync(() => handler.Readies.Count == 2, Bound, "a second READY");

        var stats = fake.GatewayStats;
        Assert.Equal((2, 1), (stats.Identifies, stats.Resumes));
        Assert.NotEqual(handler.Readies[0].SessionId, handler.Readies[1].SessionId);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Bound));
    }

    [Theory]
    [InlineData(4000, 1, 1)]
    [InlineData(4008, 1, 1)]
    [InlineData(1011, 1, 1)]
    [InlineData(4007, 2, 0)]
    [InlineData(4009, 2, 0)]
    public async Task ServerClose_ResumesOrIdentifiesByCode(int code, int identifies, int resumes)
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake);
        var handler = new RecordingGatewayHandler();
        using var stop = new CancellationTokenSource();
        var run = host.Gateway.RunAsync(handler, stop.Token);
        await Eventually.WaitUntilAsync(() => handler.Readies.Count == 1, Bound, "READY");

        await fake.CloseGatewayAsync(code, "closing");
        await Eventually.WaitUntilAsync(() => fake.GatewayStats.Connections == 2 && fake.HasLiveSession, Bound, "the second connection");

        var stats = fake.GatewayStats;
        Assert.Equal((identifies, resumes), (stats.Identifies, stats.Resumes));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Bound));
    }

    [Theory]
    [InlineData(4010)]
    [InlineData(4011)]
    [InlineData(4012)]
    [InlineData(4013)]
    public async Task UnrecoverableCloseCodes_AreFatal(int code)
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake);
        var handler = new RecordingGatewayHandler();
        var run = host.Gateway.RunAsync(handler, CancellationToken.None);
        await Eventually.WaitUntilAsync(() => handler.Readies.Count == 1, Bound, "READY");

        await fake.CloseGatewayAsync(code, "no");

        var error = await Assert.ThrowsAsync<ChannelFatalException>(() => run.WaitAsync(Bound));
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(1, fake.GatewayStats.Connections);
    }
}
