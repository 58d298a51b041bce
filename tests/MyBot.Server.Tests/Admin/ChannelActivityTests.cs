using Microsoft.Extensions.Time.Testing;
using MyBot.Server.Admin;
using MyBot.Telemetry;

namespace MyBot.Server.Tests.Admin;

public sealed class ChannelActivityTests
{
    [Fact]
    public async Task Messages_in_and_sent_chunks_are_counted_per_channel_for_an_hour()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 0, 30, TimeSpan.Zero));
        using var activity = new ChannelActivity(time);
        await activity.StartAsync(CancellationToken.None);

        // Names no other test uses: the product's meter is one per process.
        const string platform = "activity-test";
        MyBotMetrics.MessageIn(platform);
        MyBotMetrics.DeliveryAttempt(platform, "sent");
        MyBotMetrics.DeliveryAttempt(platform, "throttled");
        MyBotMetrics.DeliveryAttempt(platform, "permanent");
        time.Advance(TimeSpan.FromMinutes(30));
        MyBotMetrics.MessageIn(platform);
        MyBotMetrics.MessageIn("activity-test-other");

        Assert.Equal((2L, 1L), activity.LastHour(platform));
        Assert.Equal((1L, 0L), activity.LastHour("activity-test-other"));
        Assert.Equal((0L, 0L), activity.LastHour("activity-test-silent"));
        time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal((1L, 0L), activity.LastHour(platform));
        time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal((0L, 0L), activity.LastHour(platform));
    }
}
