using Microsoft.Extensions.Options;
using MyBot.Channels.Http;
using MyBot.Runtime;
using MyBot.TestKit;
using MyBot.TestKit.Storage;
using MyBot.TestKit.Time;

namespace MyBot.Channels.Tests.Http;

public sealed class HttpChannelTests
{
    private static readonly EventSource Alice = EventSource.Parse("http:alice:alice");
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly FaultInjectingGrainStorage _storage = new();

    [Fact]
    public async Task Sending_the_same_chunk_twice_stores_it_once()
    {
        var channel = CreateChannel();

        var first = await channel.SendAsync(Chunk("e1#out0", "hello"), CancellationToken.None);
        var second = await channel.SendAsync(Chunk("e1#out0", "hello"), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, first.Status);
        Assert.Equal(first.PlatformMessageId, second.PlatformMessageId);
        Assert.Single(await Log().ReadAsync(Alice, 0, CancellationToken.None));
    }

    [Fact]
    public async Task Chunks_of_one_reply_are_kept_apart_by_index()
    {
        var channel = CreateChannel();

        await channel.SendAsync(new OutboundChunk(Alice, "e1#out0", 0, 2, "part one", null), CancellationToken.None);
        await channel.SendAsync(new OutboundChunk(Alice, "e1#out0", 1, 2, "part two", null), CancellationToken.None);

        var replies = await Log().ReadAsync(Alice, 0, CancellationToken.None);
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

        var replies = await Log(capacity: 3).ReadAsync(Alice, 0, CancellationToken.None);
        Assert.Equal([3L, 4L, 5L], replies.Select(r => r.Seq));
    }

    [Fact]
    public async Task A_conflicting_write_is_retried_on_the_fresh_record_without_losing_either_reply()
    {
        var other = Log();
        var channel = CreateChannel();
        _storage.BeforeNextWrite = _ => other.AppendAsync(Alice, "other#out0", "written meanwhile", CancellationToken.None);

        var result = await channel.SendAsync(Chunk("e1#out0", "mine"), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
        var replies = await Log().ReadAsync(Alice, 0, CancellationToken.None);
        Assert.Equal(["written meanwhile", "mine"], replies.Select(r => r.Text));
        Assert.Equal([1L, 2L], replies.Select(r => r.Seq));
    }

    [Fact]
    public async Task Concurrent_appends_from_two_replicas_all_land_with_unique_seqs()
    {
        var first = Log();
        var second = Log();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).AppendAsync(Alice, $"e{i}#out0", $"reply {i}", CancellationToken.None))));

        var replies = await Log().ReadAsync(Alice, 0, CancellationToken.None);
        Assert.Equal(20, replies.Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), replies.Select(r => r.Seq));
    }

    [Fact]
    public async Task A_wait_wakes_at_once_on_a_local_append_without_time_passing()
    {
        var time = new FakeTimeProvider();
        var log = new HttpReplyLog(_storage, Options.Create(new HttpApiOptions()), time);
        var wait = log.WaitAsync(Alice, 0, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), CancellationToken.None);
        await Eventually.WaitUntilAsync(() => time.ActiveTimerCount > 0, Bound, "the wait to arm its poll timer");

        await log.AppendAsync(Alice, "e1#out0", "now", CancellationToken.None);

        Assert.Equal("now", Assert.Single(await wait.WaitAsync(Bound)).Text);
    }

    [Fact]
    public async Task A_wait_sees_an_append_by_another_replica_on_its_next_poll()
    {
        var time = new FakeTimeProvider();
        var log = new HttpReplyLog(_storage, Options.Create(new HttpApiOptions()), time);
        var wait = log.WaitAsync(Alice, 0, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), CancellationToken.None);
        await Eventually.WaitUntilAsync(() => time.ActiveTimerCount > 0, Bound, "the wait to arm its poll timer");

        await Log().AppendAsync(Alice, "e1#out0", "elsewhere", CancellationToken.None);
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("elsewhere", Assert.Single(await wait.WaitAsync(Bound)).Text);
    }

    [Fact]
    public async Task A_wait_ends_empty_at_its_deadline()
    {
        var time = new FakeTimeProvider();
        var log = new HttpReplyLog(_storage, Options.Create(new HttpApiOptions()), time);
        var wait = log.WaitAsync(Alice, 0, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(1), CancellationToken.None);

        for (var i = 0; i < 3; i++)
        {
            await Eventually.WaitUntilAsync(() => time.ActiveTimerCount > 0, Bound, "the poll timer");
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Empty(await wait.WaitAsync(Bound));
    }

    [Fact]
    public async Task A_wait_that_finds_its_reply_at_once_leaves_no_entry_behind()
    {
        var log = Log();
        await log.AppendAsync(Alice, "e1#out0", "ready", CancellationToken.None);

        Assert.Single(await log.WaitAsync(Alice, 0, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Equal(0, log.WaitedSources);
    }

    [Fact]
    public async Task Waits_that_end_at_their_deadline_or_cancelled_leave_no_entry_behind()
    {
        var time = new FakeTimeProvider();
        var log = new HttpReplyLog(_storage, Options.Create(new HttpApiOptions()), time);
        using var cancel = new CancellationTokenSource();
        var timedOut = log.WaitAsync(Alice, 0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), CancellationToken.None);
        var cancelled = log.WaitAsync(EventSource.Parse("http:bob:bob"), 0, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), cancel.Token);
        await Eventually.WaitUntilAsync(() => time.ActiveTimerCount >= 2, Bound, "both waits to arm their poll timers");
        Assert.Equal(2, log.WaitedSources);

        time.Advance(TimeSpan.FromSeconds(1));
        await cancel.CancelAsync();

        Assert.Empty(await timedOut.WaitAsync(Bound));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Bound));
        Assert.Equal(0, log.WaitedSources);
    }

    [Fact]
    public async Task One_append_wakes_every_wait_on_the_source_and_then_the_table_is_empty()
    {
        var time = new FakeTimeProvider();
        var log = new HttpReplyLog(_storage, Options.Create(new HttpApiOptions()), time);
        var first = log.WaitAsync(Alice, 0, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), CancellationToken.None);
        var second = log.WaitAsync(Alice, 0, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), CancellationToken.None);
        await Eventually.WaitUntilAsync(() => time.ActiveTimerCount >= 2, Bound, "both waits to arm their poll timers");

        await log.AppendAsync(Alice, "e1#out0", "both", CancellationToken.None);

        Assert.Equal("both", Assert.Single(await first.WaitAsync(Bound)).Text);
        Assert.Equal("both", Assert.Single(await second.WaitAsync(Bound)).Text);
        Assert.Equal(0, log.WaitedSources);
    }

    [Fact]
    public async Task A_storage_failure_is_reported_as_transient()
    {
        var channel = new HttpChannel(new HttpReplyLog(new FailingStorage(), Options.Create(new HttpApiOptions()), TimeProvider.System));

        var result = await channel.SendAsync(Chunk("e1#out0", "hello"), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, result.Status);
    }

    private static OutboundChunk Chunk(string id, string text) => new(Alice, id, 0, 1, text, null);

    private HttpChannel CreateChannel(int capacity = 1000) => new(Log(capacity));

    private HttpReplyLog Log(int capacity = 1000) =>
        new(_storage, Options.Create(new HttpApiOptions { ReplyLogCapacity = capacity }), TimeProvider.System);

    private sealed class FailingStorage : MyBot.Runtime.Storage.IGrainStorage
    {
        public Task<MyBot.Runtime.Storage.GrainStateRecord?> ReadAsync(GrainId grainId, CancellationToken cancellationToken) => throw new IOException("disk gone");

        public Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken) => throw new IOException("disk gone");

        public Task ClearAsync(GrainId grainId, string? etag, CancellationToken cancellationToken) => throw new IOException("disk gone");

        public Task<string> QuarantineAsync(GrainId grainId, string reason, CancellationToken cancellationToken) => throw new IOException("disk gone");
    }
}
