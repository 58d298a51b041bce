using MyBot.TestKit.DeadLetters;
using MyBot.TestKit.Orleans;

namespace MyBot.Channels.Telegram.Tests;

/// <summary>What outlives a <see cref="TelegramTestHost"/>, as a cluster and its storage outlive one process: the grains and the dead letters.</summary>
internal sealed class TelegramTestStores : IAsyncDisposable
{
    private TelegramTestStores(GrainTestCluster cluster) => Cluster = cluster;

    public GrainTestCluster Cluster { get; }

    public MemoryDeadLetterStore DeadLetters { get; } = new();

    public static async Task<TelegramTestStores> StartAsync() => new(await GrainTestCluster.StartAsync());

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
