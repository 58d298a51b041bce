using MyBot.TestKit;
using MyBot.TestKit.Azure;
using Orleans;
using Orleans.Runtime;

namespace MyBot.Orleans.AzureStorage.Tests.Cluster;

/// <summary>Two silos clustered through the Azure membership table, grain state in blobs.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SiloFailoverTests(AzuriteServer azurite) : IAsyncLifetime
{
    private readonly AzureTestAccount _account = new(azurite);
    private readonly List<AzureSilo> _silos = [];

    public async Task InitializeAsync()
    {
        _silos.Add(await AzureSilo.StartAsync(_account));
        _silos.Add(await AzureSilo.StartAsync(_account));
        var management = _silos[0].Grains.GetGrain<IManagementGrain>(0);
        await Eventually.WaitUntilAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2, TimeSpan.FromSeconds(30), "both silos to be active members");
    }

    [Fact]
    public async Task A_grain_keeps_one_activation_across_silos_and_its_state_when_its_silo_stops()
    {
        var (first, second) = (_silos[0], _silos[1]);
        var key = Guid.NewGuid().ToString("N");

        var viaFirst = await first.Grains.GetGrain<ICounterGrain>(key).IncrementAsync();
        var viaSecond = await second.Grains.GetGrain<ICounterGrain>(key).IncrementAsync();
        Assert.Equal(first.Address.ToString(), viaFirst.Silo);
        Assert.Equal(viaFirst.Activation, viaSecond.Activation);
        Assert.Equal(2, viaSecond.Count);

        await first.StopAsync();
        var afterStop = await second.Grains.GetGrain<ICounterGrain>(key).IncrementAsync();
        Assert.NotEqual(viaFirst.Activation, afterStop.Activation);
        Assert.Equal(second.Address.ToString(), afterStop.Silo);
        Assert.Equal(3, afterStop.Count);
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await _account.DisposeAsync();
    }
}
