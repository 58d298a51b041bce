using Microsoft.Extensions.Time.Testing;
using MyBot.Channels;
using MyBot.Grains.Tests.Support;
using MyBot.TestKit.Channels;

namespace MyBot.Grains.Tests.Delivery;

public sealed class DeliveryGrainTests : IDisposable
{
    private static readonly EventSource Source = new("test", "u1", "c1");
    private readonly GrainsTestSetup _setup = new() { Channel = new RecordingChannel(), Time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 5, 9, 0, 0, TimeSpan.Zero)) };

    private FakeTimeProvider Time => _setup.Time!;

    [Fact]
    public async Task Chunks_go_out_once_in_order_and_only_the_first_replies_to_the_user()
    {
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var grain = Delivery(cluster);
        await grain.EnqueueAsync([Reply("a", "0123456789abcdefghijXYZ")]);
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 3, "three chunks");
        Assert.Equal(["0123456789", "abcdefghij", "XYZ"], _setup.Channel.Delivered.Select(c => c.Text));
        Assert.Equal(["pm-a", null, null], _setup.Channel.Delivered.Select(c => c.ReplyToPlatformMessageId));
        await cluster.WaitUntilAsync(async () => await grain.PendingCountAsync() == 0, "the outbox to empty");
    }

    [Fact]
    public async Task Retry_after_is_honoured_before_the_next_request()
    {
        _setup.Channel.Script(SendResult.Throttled(TimeSpan.FromSeconds(30), "429"));
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        await Delivery(cluster).EnqueueAsync([Reply("a", "hello")]);
        await cluster.WaitUntilAsync(() => _setup.Channel.Attempts.Count == 1, "the first attempt");
        var throttledAt = Time.GetUtcNow();

        // The clock moves in one-second steps while the test waits, whenever the grain gets to arm its retry: the
        // second attempt may come late, never before the platform's 30 s.
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the delivery after retry_after", step: TimeSpan.FromSeconds(1));

        Assert.True(Time.GetUtcNow() - throttledAt >= TimeSpan.FromSeconds(30), $"sent again {Time.GetUtcNow() - throttledAt} after the 429");
        Assert.Equal(2, _setup.Channel.Attempts.Count);
    }

    [Fact]
    public async Task A_retry_after_a_failed_chunk_continues_with_that_chunk_and_never_repeats_a_sent_one()
    {
        _setup.Channel.Script(SendResult.Sent("1"), SendResult.Transient("500"));
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        await Delivery(cluster).EnqueueAsync([Reply("a", "0123456789abcdefghijXYZ")]);
        await cluster.WaitUntilAsync(() => _setup.Channel.Attempts.Count == 2, "the failed second chunk");
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 3, "all chunks after the backoff", step: TimeSpan.FromMilliseconds(500));
        Assert.Equal([0, 1, 1, 2], _setup.Channel.Attempts.Select(c => c.Index));
        Assert.Equal([0, 1, 2], _setup.Channel.Delivered.Select(c => c.Index));
    }

    [Fact]
    public async Task A_permanent_failure_is_dead_lettered_without_retry_and_the_next_reply_still_goes_out()
    {
        _setup.Channel.Script(SendResult.Permanent("403 bot was blocked by the user"));
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        await Delivery(cluster).EnqueueAsync([Reply("a", "first"), Reply("b", "second")]);
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the second reply");
        Time.Advance(TimeSpan.FromHours(1));
        await cluster.WaitUntilAsync(async () => await Delivery(cluster).PendingCountAsync() == 0, "the outbox to empty");
        Assert.Equal(2, _setup.Channel.Attempts.Count);
        var letter = Assert.Single(await _setup.DeadLetters.ListAsync(CancellationToken.None));
        Assert.Equal("delivery:a", letter.Id);
        Assert.Contains("403", letter.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transient_failures_give_up_after_max_attempts_into_the_dead_letters()
    {
        _setup.Channel.Script([.. Enumerable.Repeat(SendResult.Transient("502"), 10)]);
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        await Delivery(cluster).EnqueueAsync([Reply("a", "x")]);

        await cluster.WaitUntilAsync(async () => (await _setup.DeadLetters.ListAsync(CancellationToken.None)).Count == 1, "the dead letter", step: TimeSpan.FromMinutes(1));

        Assert.Equal(10, _setup.Channel.Attempts.Count);
        Assert.Empty(_setup.Channel.Delivered);
    }

    [Fact]
    public async Task The_same_reply_enqueued_twice_is_delivered_once()
    {
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var grain = Delivery(cluster);
        var reply = Reply("a", "once");
        await grain.EnqueueAsync([reply, reply]);
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the reply");
        await grain.EnqueueAsync([reply]);
        Time.Advance(TimeSpan.FromMinutes(1));
        await cluster.WaitUntilAsync(async () => await grain.PendingCountAsync() == 0, "the outbox to empty");
        Assert.Single(_setup.Channel.Attempts);
    }

    [Fact]
    public async Task A_pending_reply_is_sent_by_the_reminder_after_its_activation_went_away()
    {
        _setup.Channel.Script(SendResult.Transient("network down"));
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var grain = Delivery(cluster);
        await grain.EnqueueAsync([Reply("a", "survives")]);
        await cluster.WaitUntilAsync(() => _setup.Channel.Attempts.Count == 1, "the failed attempt");

        await cluster.Cluster.DeactivateAsync(grain);
        Time.Advance(TimeSpan.FromSeconds(5));

        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the delivery woken by the reminder", step: TimeSpan.FromMilliseconds(200));
        Assert.Equal("survives", _setup.Channel.Delivered.Single().Text);
    }

    [Fact]
    public async Task A_pending_reply_survives_a_restart_of_the_whole_cluster_and_goes_out_on_the_next_call()
    {
        _setup.Channel.Script(SendResult.Transient("network down"));
        await using (var cluster = await GrainsTestCluster.StartAsync(_setup))
        {
            await Delivery(cluster).EnqueueAsync([Reply("a", "pending")]);
            await cluster.WaitUntilAsync(() => _setup.Channel.Attempts.Count == 1, "the failed attempt");
        }

        // The in-memory reminders went with the cluster, as if the process died before the reminder was stored.
        await using var restarted = await GrainsTestCluster.StartAsync(_setup);
        await Delivery(restarted).EnqueueAsync([Reply("a", "pending")]);
        Time.Advance(TimeSpan.FromSeconds(5));

        await restarted.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the re-armed delivery");
        Assert.Equal("pending", _setup.Channel.Delivered.Single().Text);
    }

    [Fact]
    public async Task A_reply_that_waited_longer_than_the_threshold_says_which_message_it_answers()
    {
        _setup.Channel = new RecordingChannel(chunkSize: 4096);
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var now = Time.GetUtcNow();
        await Delivery(cluster).EnqueueAsync([Reply("a", "late answer", askedAt: now.AddHours(-2))]);
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the late delivery");
        Assert.Equal($"_Delayed reply to your message from {now.AddHours(-2):HH:mm} UTC._\n\nlate answer", _setup.Channel.Delivered.Single().Text);
    }

    [Fact]
    public async Task A_slow_platform_does_not_hold_enqueue_past_the_call_timeout()
    {
        var slow = new SlowChannel(TimeSpan.FromSeconds(4));
        var source = new EventSource(slow.Platform, "u1", "c1");
        _setup.Time = null;
        _setup.ResponseTimeout = TimeSpan.FromSeconds(2);
        _setup.MoreChannels.Add(slow);
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var grain = cluster.Grains.GetGrain<IDeliveryGrain>(source.ToString());
        var now = TimeProvider.System.GetUtcNow();

        await grain.EnqueueAsync([Reply("a", "one", now) with { Source = source }]);
        await cluster.WaitUntilAsync(() => slow.Started == 1, "the slow send");
        await grain.EnqueueAsync([Reply("b", "two", now) with { Source = source }]);
        Assert.Equal(2, await grain.PendingCountAsync());

        await cluster.WaitUntilAsync(() => slow.Sent == 2, "both replies");
        await cluster.WaitUntilAsync(async () => await grain.PendingCountAsync() == 0, "the outbox to empty");
        Assert.Equal(2, slow.Started);
    }

    public void Dispose() => _setup.Dispose();

    private static IDeliveryGrain Delivery(GrainsTestCluster cluster) => cluster.Grains.GetGrain<IDeliveryGrain>(Source.ToString());

    private OutboundEvent Reply(string id, string text, DateTimeOffset? askedAt = null) => Reply(id, text, Time.GetUtcNow(), askedAt);

    private static OutboundEvent Reply(string id, string text, DateTimeOffset at, DateTimeOffset? askedAt = null) =>
        new(id, Source, text, at, "in-" + id, "pm-" + id, askedAt ?? at);
}
