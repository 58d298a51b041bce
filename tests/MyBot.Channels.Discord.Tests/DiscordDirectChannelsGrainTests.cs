using MyBot.TestKit.Orleans;

namespace MyBot.Channels.Discord.Tests;

public sealed class DiscordDirectChannelsGrainTests : IAsyncLifetime
{
    private GrainTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await GrainTestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IDiscordDirectChannelsGrain DirectChannels => _cluster.Grains.GetGrain<IDiscordDirectChannelsGrain>(IDiscordDirectChannelsGrain.Key);

    [Fact]
    public async Task A_new_channel_is_known_from_just_before_its_first_message_and_only_once()
    {
        await DirectChannels.EnsureKnownAsync("c1", "u1", "1000");
        await DirectChannels.EnsureKnownAsync("c1", "u1", "2000");

        Assert.Equal(new DirectChannelRecord("c1", "u1", "999"), Assert.Single(await DirectChannels.GetAllAsync()));
        Assert.Equal(1, _cluster.Store.WriteCount);
    }

    [Fact]
    public async Task Only_a_newer_message_moves_the_last_seen_one_compared_as_numbers()
    {
        await DirectChannels.RecordAsync("c1", "u1", "9");
        await DirectChannels.RecordAsync("c1", "u1", "10");
        await DirectChannels.RecordAsync("c1", "u1", "8");
        await DirectChannels.RecordAsync("c2", "u2", "5");

        await _cluster.Cluster.DeactivateAsync(DirectChannels);

        var known = (await DirectChannels.GetAllAsync()).OrderBy(c => c.ChannelId, StringComparer.Ordinal).ToList();
        Assert.Equal([new DirectChannelRecord("c1", "u1", "10"), new DirectChannelRecord("c2", "u2", "5")], known);
        Assert.Equal(3, _cluster.Store.WriteCount);
    }

    [Fact]
    public async Task A_failed_write_records_nothing()
    {
        await DirectChannels.RecordAsync("c1", "u1", "9");
        _cluster.Store.WriteFailure = new IOException("disk gone");

        await Assert.ThrowsAsync<OrleansException>(() => DirectChannels.RecordAsync("c1", "u1", "10"));
        await Assert.ThrowsAsync<OrleansException>(() => DirectChannels.EnsureKnownAsync("c2", "u2", "20"));

        _cluster.Store.WriteFailure = null;
        Assert.Equal(new DirectChannelRecord("c1", "u1", "9"), Assert.Single(await DirectChannels.GetAllAsync()));
    }
}
