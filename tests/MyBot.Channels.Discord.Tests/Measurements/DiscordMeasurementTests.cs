using System.Diagnostics;
using System.Globalization;
using MyBot.Channels.Discord.Tests.Support;
using MyBot.TestKit;
using MyBot.TestKit.Discord;
using MyBot.TestKit.Orleans;
using Xunit.Abstractions;

namespace MyBot.Channels.Discord.Tests.Measurements;

/// <summary>
/// Reconnect time and send throughput against the fake, printed for the notes
/// (<c>dotnet test tests/MyBot.Channels.Discord.Tests --filter Category=Measurement --logger "console;verbosity=detailed"</c>).
/// </summary>
[Trait("Category", "Measurement")]
public sealed class DiscordMeasurementTests(ITestOutputHelper output)
{
    private const int Rounds = 5;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("resume", 4000)]
    [InlineData("identify", 4009)]
    [InlineData("identify after INVALID_SESSION", 0)]
    public async Task ReconnectTime_AfterADroppedSocket(string kind, int closeCode)
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var cluster = await GrainTestCluster.StartAsync();
        await using var host = DiscordTestHost.Create(fake, jitter: 0, cluster: cluster);
        await using var running = await RunningChannel.StartAsync(host, fake, new RecordingPublisher());
        var times = new List<double>();
        for (var round = 1; round <= Rounds; round++)
        {
            var before = fake.GatewayStats.Connections;
            fake.InvalidateSessionOnResume = closeCode == 0;
            var watch = Stopwatch.StartNew();
            await fake.CloseGatewayAsync(closeCode == 0 ? 4000 : closeCode, "measured drop");
            await Eventually.WaitUntilAsync(() => fake.GatewayStats.Connections > before && fake.HasLiveSession, Bound, "the session back");
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var stats = fake.GatewayStats;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"reconnect ({kind}): median {Median(times):F1} ms, max {times.Max():F1} ms over {Rounds} drops; identifies {stats.Identifies}, resumes {stats.Resumes}"));
        Assert.Equal(kind == "resume" ? 1 : Rounds + 1, stats.Identifies);
    }

    [Fact]
    public async Task SendThroughput_WithinDiscordsPublishedLimits()
    {
        const int channels = 20;
        const int perChannel = 10;
        await using var fake = await FakeDiscord.StartAsync();
        fake.MessageRateLimit = (5, TimeSpan.FromSeconds(5));
        fake.GlobalRequestsPerSecond = 50;
        await using var cluster = await GrainTestCluster.StartAsync();
        await using var host = DiscordTestHost.Create(fake, cluster: cluster);
        var sources = Enumerable.Range(0, channels).Select(i => fake.CreateUser($"u{i}")).Select(u => new EventSource("discord", u, fake.DirectChannelId(u))).ToArray();
        var throttled = 0;

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(sources.Select(source => Task.Run(async () =>
        {
            // Like a delivery: one source's chunks in order, a throttled one tried again after the wait it was given.
            for (var i = 0; i < perChannel; i++)
            {
                var chunk = new OutboundChunk(source, $"{source}/o", i, perChannel, $"message {i}", null);
                SendResult result;
                while ((result = await host.Channel.SendAsync(chunk, CancellationToken.None)).Status != SendStatus.Sent)
                {
                    Interlocked.Increment(ref throttled);
                    await Task.Delay(result.RetryAfter ?? TimeSpan.FromMilliseconds(100));
                }
            }
        }))).WaitAsync(TimeSpan.FromSeconds(60));
        watch.Stop();

        var total = channels * perChannel;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"throughput: {total} messages to {channels} channels in {watch.Elapsed.TotalSeconds:F2} s = {total / watch.Elapsed.TotalSeconds:F1} msg/s; " +
            $"limits 5 per 5 s per channel and 50/s global; 429s received {fake.RateLimitViolations}, throttled results {throttled}"));
        Assert.Equal(total, fake.SentMessages.Count);
        Assert.Equal(0, fake.RateLimitViolations);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
