using Microsoft.Extensions.DependencyInjection;
using MyBot.Agent.Delivery;
using MyBot.Agent.Inbound;
using MyBot.Channels;
using MyBot.Channels.Hosting;
using MyBot.Runtime.Hosting;
using MyBot.TestKit;
using MyBot.TestKit.Channels;
using MyBot.TestKit.Grains;
using MyBot.TestKit.Time;

namespace MyBot.Agent.Tests.Delivery;

public sealed class DeliveryGrainTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly EventSource Source = new("test", "u1", "c1");

    private static Task<TestSilo> StartAsync(RecordingChannel channel, SharedStores? stores = null, FakeTimeProvider? time = null) =>
        TestSilo.StartAsync(
            s =>
            {
                s.AddSingleton(channel);
                s.AddSingleton<IChannel>(channel);
                s.AddChannel<RecordingChannel>();
                s.AddSingleton<IInboundPublisher, InboundPublisher>();
                s.AddOptions<DeliveryOptions>();
                s.AddGrain<IDeliveryGrain, DeliveryGrain>();
            },
            stores,
            time);

    private static OutboundEvent Reply(string id, string text, DateTimeOffset at, DateTimeOffset? askedAt = null) =>
        new(id, Source, text, at, "in-" + id, "pm-" + id, askedAt ?? at);

    private static async Task TickUntilAsync(TestSilo silo, Func<bool> condition, string what)
    {
        await Eventually.WaitUntilAsync(
            () =>
            {
                silo.Time.Advance(TimeSpan.Zero);
                return condition();
            },
            Bound,
            what);
    }

    [Fact]
    public async Task Chunks_go_out_once_in_order_and_only_the_first_replies_to_the_user()
    {
        var channel = new RecordingChannel();
        await using var silo = await StartAsync(channel);
        var grain = silo.GrainFactory.GetGrain<IDeliveryGrain>(Source.ToString());
        await grain.EnqueueAsync([Reply("a", "0123456789abcdefghijXYZ", silo.Time.GetUtcNow())]);
        await TickUntilAsync(silo, () => channel.Delivered.Count == 3, "three chunks");
        Assert.Equal(["0123456789", "abcdefghij", "XYZ"], channel.Delivered.Select(c => c.Text));
        Assert.Equal(["pm-a", null, null], channel.Delivered.Select(c => c.ReplyToPlatformMessageId));
        await Eventually.WaitUntilAsync(async () => await grain.PendingCountAsync() == 0, Bound, "the outbox to empty");
    }

    [Fact]
    public async Task Retry_after_is_honoured_before_the_next_request()
    {
        var channel = new RecordingChannel();
        channel.Script(SendResult.Throttled(TimeSpan.FromSeconds(30), "429"));
        await using var silo = await StartAsync(channel);
        await silo.GrainFactory.GetGrain<IDeliveryGrain>(Source.ToString()).EnqueueAsync([Reply("a", "hello", silo.Time.GetUtcNow())]);
        await TickUntilAsync(silo, () => channel.Attempts.Count == 1, "the first attempt");
        silo.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Single(channel.Attempts);
        silo.Time.Advance(TimeSpan.FromSeconds(2));
        await TickUntilAsync(silo, () => channel.Delivered.Count == 1, "the delivery after retry_after");
        Assert.Equal(2, channel.Attempts.Count);
    }

    [Fact]
    public async Task A_retry_after_a_failed_chunk_continues_with_that_chunk_and_never_repeats_a_sent_one()
    {
        var channel = new RecordingChannel();
        channel.Script(SendResult.Sent("1"), SendResult.Transient("500"));
        await using var silo = await StartAsync(channel);
        await silo.GrainFactory.GetGrain<IDeliveryGrain>(Source.ToString()).EnqueueAsync([Reply("a", "0123456789abcdefghijXYZ", silo.Time.GetUtcNow())]);
        await TickUntilAsync(silo, () => channel.Attempts.Count == 2, "the failed second chunk");
        silo.Time.Advance(TimeSpan.FromSeconds(3));
        await TickUntilAsync(silo, () => channel.Delivered.Count == 3, "all chunks");
        Assert.Equal([0, 1, 1, 2], channel.Attempts.Select(c => c.Index));
        Assert.Equal([0, 1, 2], channel.Delivered.Select(c => c.Index));
    }

    [Fact]
    public async Task A_permanent_failure_is_dead_lettered_without_retry_and_the_next_reply_still_goes_out()
    {
        var channel = new RecordingChannel();
        channel.Script(SendResult.Permanent("403 bot was blocked by the user"));
        await using var silo = await StartAsync(channel);
        var now = silo.Time.GetUtcNow();
        await silo.GrainFactory.GetGrain<IDeliveryGrain>(Source.ToString()).EnqueueAsync([Reply("a", "first", now), Reply("b", "second", now)]);
        await TickUntilAsync(silo, () => channel.Delivered.Count == 1, "the second reply");
        silo.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, channel.Attempts.Count);
        var letter = Assert.Single(await silo.Stores.DeadLetters.ListAsync(CancellationToken.None));
        Assert.Equal("delivery:a", letter.Id);
        Assert.Contains("403", letter.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transient_failures_give_up_after_max_attempts_into_the_dead_letters()
    {
        var channel = new RecordingChannel();
        channel.Script([.. Enumerable.Repeat(SendResult.Transient("502"), 10)]);
        await using var silo = await StartAsync(channel);
        await silo.GrainFactory.GetGrain<IDeliveryGrain>(Source.ToString()).EnqueueAsync([Reply("a", "x", silo.Time.GetUtcNow())]);
        for (var i = 0; i < 12; i++)
        {
            await TickUntilAsync(silo, () => channel.Attempts.Count >= Math.Min(i + 1, 10), $"attempt {i + 1}");
            silo.Time.Advance(TimeSpan.FromMinutes(6));
        }

        await Eventually.WaitUntilAsync(async () => (await silo.Stores.DeadLetters.ListAsync(CancellationToken.None)).Count == 1, Bound, "the dead letter");
        Assert.Equal(10, channel.Attempts.Count);
        Assert.Empty(channel.Delivered);
    }

    [Fact]
    public async Task The_same_reply_enqueued_twice_is_delivered_once()
    {
        var channel = new RecordingChannel();
        await using var silo = await StartAsync(channel);
        var grain = silo.GrainFactory.GetGrain<IDeliveryGrain>(Source.ToString());
        var reply = Reply("a", "once", silo.Time.GetUtcNow());
        await grain.EnqueueAsync([reply]);
        await TickUntilAsync(silo, () => channel.Delivered.Count == 1, "the reply");
        await grain.EnqueueAsync([reply]);
        silo.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(channel.Attempts);
    }

    [Fact]
    public async Task Pending_replies_are_delivered_after_a_restart()
    {
        var time = new FakeTimeProvider();
        var stores = new SharedStores(time);
        var first = new RecordingChannel();
        first.Script(SendResult.Transient("network down"));
        await using (var silo = await StartAsync(first, stores, time))
        {
            await silo.GrainFactory.GetGrain<IDeliveryGrain>(Source.ToString()).EnqueueAsync([Reply("a", "survives", time.GetUtcNow())]);
            await TickUntilAsync(silo, () => first.Attempts.Count == 1, "the failed attempt");
        }

        var second = new RecordingChannel();
        await using var restarted = await StartAsync(second, stores, time);
        time.Advance(TimeSpan.FromSeconds(5));
        await TickUntilAsync(restarted, () => second.Delivered.Count == 1, "the delivery after restart");
        Assert.Equal("survives", second.Delivered.Single().Text);
    }

    [Fact]
    public async Task A_redelivered_reply_rearms_delivery_when_a_crash_lost_the_reminder()
    {
        var time = new FakeTimeProvider();
        var stores = new SharedStores(time);
        var first = new RecordingChannel();
        first.Script(SendResult.Transient("network down"));
        await using (var silo = await StartAsync(first, stores, time))
        {
            await silo.GrainFactory.GetGrain<IDeliveryGrain>(Source.ToString()).EnqueueAsync([Reply("a", "pending", time.GetUtcNow())]);
            await TickUntilAsync(silo, () => first.Attempts.Count == 1, "the failed attempt");
        }

        // As if the process died after writing the pending reply but before its reminder was stored.
        var grainId = new MyBot.Runtime.GrainId("delivery", Source.ToString());
        await stores.Reminders.DeleteAsync(MyBot.Runtime.StableHash.Partition(Source.ToString(), new RuntimeOptions().Partitions), grainId, "deliver", CancellationToken.None);
        var second = new RecordingChannel();
        await using var restarted = await StartAsync(second, stores, time);

        await restarted.GrainFactory.GetGrain<IDeliveryGrain>(Source.ToString()).EnqueueAsync([Reply("a", "pending", time.GetUtcNow())]);
        time.Advance(TimeSpan.FromSeconds(5));

        await TickUntilAsync(restarted, () => second.Delivered.Count == 1, "the re-armed delivery");
        Assert.Equal("pending", second.Delivered.Single().Text);
    }

    [Fact]
    public async Task A_reply_that_waited_longer_than_the_threshold_says_which_message_it_answers()
    {
        var channel = new RecordingChannel(chunkSize: 4096);
        await using var silo = await StartAsync(channel);
        var now = silo.Time.GetUtcNow();
        await silo.GrainFactory.GetGrain<IDeliveryGrain>(Source.ToString()).EnqueueAsync([Reply("a", "late answer", now, askedAt: now.AddHours(-2))]);
        await TickUntilAsync(silo, () => channel.Delivered.Count == 1, "the late delivery");
        Assert.Equal($"_Delayed reply to your message from {now.AddHours(-2):HH:mm} UTC._\n\nlate answer", channel.Delivered.Single().Text);
    }
}
