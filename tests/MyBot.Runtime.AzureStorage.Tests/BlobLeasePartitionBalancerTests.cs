using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MyBot.Runtime.Hosting;
using MyBot.TestKit;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Time;

namespace MyBot.Runtime.AzureStorage.Tests;

/// <summary>
/// Several balancers on one Azurite, each with its own fake clock (as if on its own machine), so a test decides when
/// each one runs a round and how stale its heartbeat looks to the others.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobLeasePartitionBalancerTests(AzuriteServer azurite) : IAsyncDisposable
{
    private const int Partitions = 8;
    private readonly AzureStorageAccount _account = TestAccounts.Create(azurite, options => options.PartitionDrainTime = TimeSpan.Zero);
    private readonly List<Replica> _replicas = [];
    private readonly List<AzureStorageAccount> _otherAccounts = [];

    [Fact]
    public async Task Partitions_spread_over_replicas_as_they_arrive()
    {
        var a = await StartAsync();
        Assert.Equal(Partitions, a.Balancer.OwnedPartitions.Count);

        var b = await StartAsync();
        await RoundsAsync(a, b);
        Assert.Equal([4, 4], new[] { a, b }.Select(r => r.Balancer.OwnedPartitions.Count));

        var c = await StartAsync();
        await RoundsAsync(a, b, c);

        Assert.Equal([2, 3, 3], _replicas.Select(r => r.Balancer.OwnedPartitions.Count).Order());
        AssertDisjointAndComplete(a, b, c);
        Assert.Equal(Partitions - a.Balancer.OwnedPartitions.Count, a.Lost.Count);
    }

    [Fact]
    public async Task A_stopping_replica_releases_its_partitions_to_the_others_at_once()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        await RoundsAsync(a, b);
        var aOwned = a.Balancer.OwnedPartitions.ToList();

        await a.Balancer.StopAsync(default);
        await b.Balancer.RunRoundAsync(default);

        Assert.Empty(a.Balancer.OwnedPartitions);
        Assert.All(aOwned, p => Assert.Contains(p, a.Lost));
        Assert.Equal(Partitions, b.Balancer.OwnedPartitions.Count);
        Assert.Equal(1, b.Balancer.LiveReplicas);
    }

    [Fact]
    public async Task A_dead_replicas_partitions_are_taken_over_once_its_heartbeat_is_stale_and_it_learns_it_lost_them()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        await RoundsAsync(a, b);
        var aOwned = a.Balancer.OwnedPartitions.ToList();

        // a stops running rounds (killed, or stuck); b's clock moves past the replica expiry.
        b.Time.Advance(_account.Options.ReplicaExpiry + TimeSpan.FromSeconds(1));
        await b.Balancer.RunRoundAsync(default);

        Assert.Equal(Partitions, b.Balancer.OwnedPartitions.Count);
        Assert.DoesNotContain(a.Lost, aOwned.Contains);

        await a.Balancer.RunRoundAsync(default);

        Assert.All(aOwned, p => Assert.Contains(p, a.Lost));
        Assert.DoesNotContain(a.Balancer.OwnedPartitions, p => aOwned.Contains(p));
    }

    [Fact]
    public async Task A_replica_whose_lease_was_stolen_mid_turn_cannot_overwrite_the_new_owners_state()
    {
        var grain = new GrainId("session", "telegram:42:42");
        var partition = StableHash.Partition(grain.Key, Partitions);
        var a = await StartAsync();
        var storage = new BlobGrainStorage(_account, TimeProvider.System);
        var seed = await storage.WriteAsync(grain, "turn 0"u8.ToArray(), null, default);
        Assert.Contains(partition, a.Balancer.OwnedPartitions);

        // a begins a turn: it has read the state and is waiting on a slow LLM call, its clock (and rounds) frozen.
        var aRead = await storage.ReadAsync(grain, default);
        Assert.Equal(seed, aRead!.ETag);

        var b = await StartAsync();
        b.Time.Advance(_account.Options.ReplicaExpiry + TimeSpan.FromSeconds(1));
        await b.Balancer.RunRoundAsync(default);
        Assert.Contains(partition, b.Balancer.OwnedPartitions);
        var bRead = await storage.ReadAsync(grain, default);
        await storage.WriteAsync(grain, "turn 1 by b"u8.ToArray(), bRead!.ETag, default);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(grain, "turn 1 by a"u8.ToArray(), aRead.ETag, default));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(grain, aRead.ETag, default));
        Assert.Equal("turn 1 by b", System.Text.Encoding.UTF8.GetString((await storage.ReadAsync(grain, default))!.Data.Span));

        // When a wakes up its next round tells it the partition is gone, so its runtime drops the partition's grains.
        a.Time.Advance(_account.Options.RenewInterval);
        await Eventually.WaitUntilAsync(() => a.Lost.Contains(partition), TimeSpan.FromSeconds(10), "a to notice it lost the partition");
    }

    [Fact]
    public async Task The_renewal_loop_runs_on_the_time_provider_and_a_broken_lease_cancels_the_partitions_token()
    {
        var a = await StartAsync();
        var partition = a.Balancer.OwnedPartitions.First();
        await _account.Container.BreakLeaseAsync(_account.Names.PartitionLease(partition), TimeSpan.Zero, default);
        Assert.DoesNotContain(partition, a.Lost);

        await Eventually.WaitUntilAsync(() => a.Time.ActiveTimerCount > 0, TimeSpan.FromSeconds(10), "the balancer to wait for its next round");
        a.Time.Advance(_account.Options.RenewInterval);

        await Eventually.WaitUntilAsync(() => a.Lost.Contains(partition), TimeSpan.FromSeconds(10), "the next round to notice the broken lease");
        await Eventually.WaitUntilAsync(() => a.Balancer.OwnedPartitions.Count == Partitions, TimeSpan.FromSeconds(10), "the freed partition to be taken again");
    }

    [Fact]
    public async Task A_partition_handed_to_a_newcomer_stops_at_once_but_its_lease_waits_for_running_turns_to_drain()
    {
        var draining = TestAccounts.Create(new AzureStorageOptions
        {
            ConnectionString = _account.Options.ConnectionString,
            ServiceId = _account.Options.ServiceId,
            ContainerName = _account.Options.ContainerName,
            PartitionDrainTime = TimeSpan.FromSeconds(5),
        });
        _otherAccounts.Add(draining);
        var a = await StartAsync(draining);
        var b = await StartAsync();
        await b.Balancer.RunRoundAsync(default);

        await a.Balancer.RunRoundAsync(default);
        await b.Balancer.RunRoundAsync(default);

        Assert.Equal(4, a.Lost.Count);
        Assert.Empty(b.Balancer.OwnedPartitions);

        a.Time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.WaitUntilAsync(
            async () =>
            {
                await b.Balancer.RunRoundAsync(default);
                return b.Balancer.OwnedPartitions.Count == 4;
            },
            TimeSpan.FromSeconds(10),
            "b to get the drained partitions");
        AssertDisjointAndComplete(a, b);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.Balancer.DisposeAsync();
        }

        _account.Dispose();
        foreach (var account in _otherAccounts)
        {
            account.Dispose();
        }
    }

    private async Task<Replica> StartAsync(AzureStorageAccount? account = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var balancer = new BlobLeasePartitionBalancer(
            account ?? _account,
            Options.Create(new RuntimeOptions { Partitions = Partitions }),
            time,
            NullLogger<BlobLeasePartitionBalancer>.Instance);
        var replica = new Replica(balancer, time);
        balancer.PartitionAcquired += (partition, lost) => lost.Register(() => replica.Lost.Add(partition));
        await balancer.StartAsync(default);
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>Two rounds each: the first lets everyone see the newcomers and release extras, the second takes what was freed.</summary>
    private static async Task RoundsAsync(params Replica[] replicas)
    {
        for (var round = 0; round < 2; round++)
        {
            foreach (var replica in replicas)
            {
                await replica.Balancer.RunRoundAsync(default);
            }
        }
    }

    private static void AssertDisjointAndComplete(params Replica[] replicas)
    {
        var all = replicas.SelectMany(r => r.Balancer.OwnedPartitions).ToList();
        Assert.Equal(Enumerable.Range(0, Partitions), all.Order());
    }

    private sealed record Replica(BlobLeasePartitionBalancer Balancer, FakeTimeProvider Time)
    {
        public ConcurrentBag<int> Lost { get; } = [];
    }
}
