using MyBot.TestKit.Orleans;

namespace MyBot.Channels.Telegram.Tests;

public sealed class TelegramPollingGrainTests : IAsyncLifetime
{
    private GrainTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await GrainTestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_new_bot_starts_from_no_offset_and_each_bot_has_its_own()
    {
        await Polling("1").AdvanceAsync(11, [10]);

        var fresh = await Polling("2").GetAsync();

        Assert.Null(fresh.Offset);
        Assert.Empty(fresh.SeenUpdateIds);
        Assert.Equal(11, (await Polling("1").GetAsync()).Offset);
    }

    [Fact]
    public async Task The_offset_and_seen_ids_are_stored_and_outlive_the_activation()
    {
        await Polling("1").AdvanceAsync(12, [10, 11]);
        await Polling("1").AdvanceAsync(14, [11, 12, 13]);

        await _cluster.Cluster.DeactivateAsync(Polling("1"));
        var checkpoint = await Polling("1").GetAsync();

        Assert.Equal(14, checkpoint.Offset);
        Assert.Equal([10L, 11L, 12L, 13L], checkpoint.SeenUpdateIds);
        Assert.Equal(2, _cluster.Store.WriteCount);
    }

    [Fact]
    public async Task Only_the_newest_seen_ids_are_kept()
    {
        var ids = Enumerable.Range(1, TelegramPollingState.SeenLimit + 5).Select(i => (long)i).ToList();

        await Polling("1").AdvanceAsync(ids[^1] + 1, ids);

        var seen = (await Polling("1").GetAsync()).SeenUpdateIds;
        Assert.Equal(TelegramPollingState.SeenLimit, seen.Count);
        Assert.Equal(6, seen[0]);
        Assert.Equal(ids[^1], seen[^1]);
    }

    [Fact]
    public async Task A_failed_write_moves_nothing()
    {
        await Polling("1").AdvanceAsync(11, [10]);
        _cluster.Store.WriteFailure = new IOException("disk gone");

        var error = await Assert.ThrowsAsync<OrleansException>(() => Polling("1").AdvanceAsync(12, [11]));
        Assert.IsType<IOException>(error.InnerException);

        _cluster.Store.WriteFailure = null;
        var checkpoint = await Polling("1").GetAsync();
        Assert.Equal(11, checkpoint.Offset);
        Assert.Equal([10L], checkpoint.SeenUpdateIds);
    }

    private ITelegramPollingGrain Polling(string botId) => _cluster.Grains.GetGrain<ITelegramPollingGrain>(botId);
}
