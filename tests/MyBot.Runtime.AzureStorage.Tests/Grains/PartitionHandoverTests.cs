using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Runtime.Hosting;
using MyBot.Runtime.Storage;
using MyBot.TestKit;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Grains;
using MyBot.TestKit.Time;

namespace MyBot.Runtime.AzureStorage.Tests.Grains;

/// <summary>
/// Two silos on one Azurite, each on its own fake clock as if on its own machine. Silo a stops running balancing
/// rounds (stuck, or cut off), b takes its partitions over, and a, not knowing yet, keeps serving a grain.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PartitionHandoverTests(AzuriteServer azurite) : IAsyncDisposable
{
    private const string Key = "telegram:7:7";
    private readonly Dictionary<string, string?> _configuration = new()
    {
        ["MyBot:Storage:Azure:ConnectionString"] = azurite.ConnectionString,
        ["MyBot:Storage:Azure:ServiceId"] = "h" + Guid.NewGuid().ToString("N")[..20],
        ["MyBot:Storage:Azure:PartitionDrainTime"] = "00:00:00",
    };

    private readonly List<TestSilo> _silos = [];

    [Fact]
    public async Task A_reminder_written_after_the_partition_moved_is_refused_and_what_the_new_owner_loaded_fires_there_once()
    {
        var start = DateTimeOffset.UtcNow;
        var a = await StartSiloAsync(start);
        await a.GrainFactory.GetGrain<IReminderProbeGrain>(Key).ScheduleAsync("before-handover", start.AddHours(1));
        var partition = StableHash.Partition(Key, new RuntimeOptions().Partitions);
        var account = a.Services.GetRequiredService<AzureStorageAccount>();
        var claimOfA = await ClaimAsync(account, partition);

        var b = await StartSiloAsync(start);
        var balancerOfB = (BlobLeasePartitionBalancer)b.Services.GetRequiredService<IPartitionBalancer>();
        Assert.Empty(balancerOfB.OwnedPartitions);
        // b's own loop would run its round at the first due time on the way, when a still looks alive; run it at the end.
        b.Time.Advance(account.Options.ReplicaExpiry + TimeSpan.FromSeconds(1));
        await balancerOfB.RunRoundAsync(default);
        Assert.Contains(partition, balancerOfB.OwnedPartitions);
        await Eventually.WaitUntilAsync(async () => await ClaimAsync(account, partition) != claimOfA, TimeSpan.FromSeconds(30), "b to claim the partition's reminders");

        // a still holds the grain's activation and believes it owns the partition.
        var refused = await Assert.ThrowsAsync<PartitionLostException>(
            () => a.GrainFactory.GetGrain<IReminderProbeGrain>(Key).ScheduleAsync("after-handover", start.AddHours(1)));
        Assert.Equal(partition, refused.Partition);

        b.Time.Advance(TimeSpan.FromHours(1));
        var fired = await Eventually.WaitForAsync(
            async () =>
            {
                var list = await b.GrainFactory.GetGrain<IReminderProbeGrain>(Key).FiredAsync();
                return list.Count > 0 ? list : null;
            },
            TimeSpan.FromSeconds(30),
            "the reminder b loaded to fire on b");
        Assert.Equal(["before-handover"], fired);

        // a's next round tells it the partition is gone, and with it the reminders it had armed.
        var balancerOfA = (BlobLeasePartitionBalancer)a.Services.GetRequiredService<IPartitionBalancer>();
        a.Time.Advance(account.Options.RenewInterval);
        await balancerOfA.RunRoundAsync(default);
        Assert.DoesNotContain(partition, balancerOfA.OwnedPartitions);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    private async Task<TestSilo> StartSiloAsync(DateTimeOffset start)
    {
        var silo = await TestSilo.StartAsync(
            services => services
                .AddAzureStorage(new ConfigurationBuilder().AddInMemoryCollection(_configuration).Build())
                .AddGrain<IReminderProbeGrain, ReminderProbeGrain>(),
            time: new FakeTimeProvider(start),
            configuration: _configuration);
        _silos.Add(silo);
        return silo;
    }

    private static async Task<string?> ClaimAsync(AzureStorageAccount account, int partition) =>
        (await account.Container.GetAsync(account.Names.Reminders(partition), default))?.Metadata.GetValueOrDefault("claim");
}
