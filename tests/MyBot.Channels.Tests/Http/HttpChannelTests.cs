using Microsoft.Extensions.Options;
using MyBot.Channels.Http;
using MyBot.TestKit;
using MyBot.TestKit.Orleans;
using MyBot.TestKit.Time;

namespace MyBot.Channels.Tests.Http;

public sealed class HttpChannelTests : IAsyncLifetime
{
    private static readonly EventSource Alice = EventSource.Parse("http:alice:alice");
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();
    private GrainTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await GrainTestCluster.StartAsync(time: _time);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Sending_the_same_chunk_twice_stores_it_once()
    {
        var channel = CreateChannel();

        var first = await channel.SendAsync(Chunk("e1#out0", "hello"), CancellationToken.None);
        var second = await channel.SendAsync(Chunk("e1#out0", "hello"), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, first.Status);
        Assert.Equal(first.PlatformMessageId, second.PlatformMessageId);
        Assert.Single(await Log().ReadAsync(0));
        Assert.Equal(1, _cluster.Store.WriteCount);
    }

    [Fact]
    public async Task Chunks_of_one_reply_are_kept_apart_by_index()
    {
        var channel = CreateChannel();

        await channel.SendAsync(new OutboundChunk(Alice, "e1#out0", 0, 2, "part one", null), CancellationToken.None);
        await channel.SendAsync(new OutboundChunk(Alice, "e1#out0", 1, 2, "part two", null), CancellationToken.None);

        var replies = await Log().ReadAsync(0);
        Assert.Equal(["e1#out0/0", "e1#out0/1"], replies.Select(r => r.Id));
    }

    [Fact]
    public async Task The_log_keeps_only_the_newest_replies_and_seq_keeps_increasing()
    {
        var channel = CreateChannel(capacity: 3);

        for (var i = 1; i <= 5; i++)
        {
            await channel.SendAsync(Chunk($"e{i}#out0", $"reply {i}"), CancellationToken.None);
        }

        var replies = await Log().ReadAsync(0);
        Assert.Equal([3L, 4L, 5L], replies.Select(r => r.Seq));
        Assert.Equal([4L, 5L], (await Log().ReadAsync(3)).Select(r => r.Seq));
    }

    [Fact]
    public async Task Concurrent_appends_all_land_with_unique_seqs()
    {
        var first = CreateChannel();
        var second = CreateChannel();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).SendAsync(Chunk($"e{i}#out0", $"reply {i}"), CancellationToken.None))));

        var replies = await Log().ReadAsync(0);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), replies.Select(r => r.Seq));
        Assert.Equal(20, replies.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_wait_wakes_at_once_on_an_append_without_time_passing()
    {
        var wait = Log().WaitAsync(0, TimeSpan.FromSeconds(10));
        await WaitArmedAsync(TimeSpan.FromSeconds(10), count: 1);

        await CreateChannel().SendAsync(Chunk("e1#out0", "now"), CancellationToken.None);

        Assert.Equal("now", Assert.Single(await wait.WaitAsync(Bound)).Text);
    }

    [Fact]
    public async Task One_append_wakes_every_wait_on_the_source_but_none_on_another()
    {
        var first = Log().WaitAsync(0, TimeSpan.FromSeconds(10));
        var second = Log().WaitAsync(0, TimeSpan.FromSeconds(10));
        var bob = _cluster.Grains.GetGrain<IHttpReplyLogGrain>("http:bob:bob").WaitAsync(0, TimeSpan.FromSeconds(10));
        await WaitArmedAsync(TimeSpan.FromSeconds(10), count: 3);

        await CreateChannel().SendAsync(Chunk("e1#out0", "both"), CancellationToken.None);

        Assert.Equal("both", Assert.Single(await first.WaitAsync(Bound)).Text);
        Assert.Equal("both", Assert.Single(await second.WaitAsync(Bound)).Text);
        Assert.False(bob.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(await bob.WaitAsync(Bound));
    }

    [Fact]
    public async Task A_wait_ends_empty_at_its_end_and_one_that_finds_replies_returns_at_once()
    {
        var wait = Log().WaitAsync(0, TimeSpan.FromSeconds(2.5));
        await WaitArmedAsync(TimeSpan.FromSeconds(2.5), count: 1);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(wait.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Empty(await wait.WaitAsync(Bound));

        await CreateChannel().SendAsync(Chunk("e1#out0", "ready"), CancellationToken.None);
        Assert.Single(await Log().WaitAsync(0, TimeSpan.FromSeconds(10)).WaitAsync(Bound));
        Assert.Equal(0, _time.TimersDueAt(_time.GetUtcNow() + TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_failed_write_is_transient_and_leaves_nothing_behind_for_the_retry()
    {
        var channel = CreateChannel();
        _cluster.Store.WriteFailure = new IOException("disk gone");

        var failed = await channel.SendAsync(Chunk("e1#out0", "hello"), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, failed.Status);
        Assert.Contains("disk gone", failed.Error, StringComparison.Ordinal);
        _cluster.Store.WriteFailure = null;
        Assert.Empty(await Log().ReadAsync(0));
        var retried = await channel.SendAsync(Chunk("e1#out0", "hello"), CancellationToken.None);
        Assert.Equal(SendStatus.Sent, retried.Status);
        Assert.Equal("1", retried.PlatformMessageId);
        Assert.Single(await Log().ReadAsync(0));
    }

    [Fact]
    public async Task A_poll_while_the_append_is_being_written_does_not_see_it_yet()
    {
        var disk = new TaskCompletionSource();
        _cluster.Store.WriteGate = disk.Task;
        var send = CreateChannel().SendAsync(Chunk("e1#out0", "slow"), CancellationToken.None);
        await Eventually.WaitUntilAsync(() => _cluster.Store.WaitingWrites == 1, Bound, "the append to be writing");

        Assert.Empty(await Log().WaitAsync(0, TimeSpan.Zero).WaitAsync(Bound));
        var poll = Log().WaitAsync(0, TimeSpan.FromSeconds(10));
        disk.SetResult();

        Assert.Equal(SendStatus.Sent, (await send.WaitAsync(Bound)).Status);
        Assert.Equal("slow", Assert.Single(await poll.WaitAsync(Bound)).Text);
    }

    /// <summary>Waits for the polls' own timers; Orleans arms others on the same clock at its own pace.</summary>
    private Task WaitArmedAsync(TimeSpan wait, int count)
    {
        var due = _time.GetUtcNow() + wait;
        return Eventually.WaitUntilAsync(() => _time.TimersDueAt(due) == count, Bound, $"{count} wait(s) to arm a timer");
    }

    private static OutboundChunk Chunk(string id, string text) => new(Alice, id, 0, 1, text, null);

    private HttpChannel CreateChannel(int capacity = 1000) => new(_cluster.Grains, Options.Create(new HttpApiOptions { ReplyLogCapacity = capacity }));

    private IHttpReplyLogGrain Log() => _cluster.Grains.GetGrain<IHttpReplyLogGrain>(Alice.ToString());
}
