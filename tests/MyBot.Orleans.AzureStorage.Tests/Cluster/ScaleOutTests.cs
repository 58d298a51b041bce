using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyBot.Orleans.AzureStorage.Hosting;
using MyBot.Orleans.AzureStorage.Streams;
using MyBot.TestKit;
using MyBot.TestKit.Azure;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace MyBot.Orleans.AzureStorage.Tests.Cluster;

/// <summary>
/// Three silos share four Azure queues through the Table membership; one stops while events keep arriving and a fourth
/// joins: the queues move, and every event still reaches its grain. Delivery is at least once (a message received by
/// the silo that stopped comes back after its visibility timeout), so the grains' dedupe by id is what makes it once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScaleOutTests(AzuriteServer azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Streams = 12;
    private const int EventsPerStream = 5;

    private readonly AzureTestAccount _account = new(azurite, new Dictionary<string, string?>
    {
        [$"{AzureQueueDeliveryOptions.SectionName}:Queues"] = "4",
        [$"{AzureStorageOptions.SectionName}:QueuePollInterval"] = "00:00:00.200",
        // A message the stopped silo had received and not settled comes back within this of its last renewal, well
        // inside the wait below.
        [$"{AzureQueueDeliveryOptions.SectionName}:VisibilityTimeout"] = "00:00:10",
    });

    private readonly List<AzureSilo> _silos = [];

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            _silos.Add(await AzureSilo.StartAsync(_account));
        }

        await WaitForActiveSilosAsync(3);
    }

    [Fact]
    public async Task Every_event_reaches_its_grain_while_a_silo_leaves_and_another_joins()
    {
        var keys = Enumerable.Range(0, Streams).Select(i => $"http:{Guid.NewGuid():N}:{i}").ToList();
        var publisher = _silos[2];
        var provider = publisher.Client.GetStreamProvider(AzureTestAccount.StreamProvider);
        for (var round = 0; round < EventsPerStream; round++)
        {
            if (round == 2)
            {
                await _silos[0].StopAsync();
            }

            if (round == 3)
            {
                _silos.Add(await AzureSilo.StartAsync(_account));
            }

            foreach (var key in keys)
            {
                await provider.GetStream<TestEvent>(RecordingGrain.StreamOf(key)).OnNextAsync(new TestEvent($"{key}#{round}"));
            }
        }

        var recorded = new Dictionary<string, List<string>>();
        await Eventually.WaitUntilAsync(
            async () =>
            {
                foreach (var key in keys)
                {
                    recorded[key] = await publisher.Grains.GetGrain<IRecordingGrain>(key).GetRecordedAsync();
                }

                return keys.All(k => recorded[k].Distinct().Count() == EventsPerStream);
            },
            TimeSpan.FromSeconds(90),
            "every event to reach its grain");

        foreach (var key in keys)
        {
            Assert.Equal(Enumerable.Range(0, EventsPerStream).Select(r => $"{key}#{r}").Order(), recorded[key].Distinct().Order());
        }

        var duplicates = recorded.Values.Sum(r => r.Count - r.Distinct().Count());
        var outOfOrder = keys.Count(k => !recorded[k].Distinct().SequenceEqual(Enumerable.Range(0, EventsPerStream).Select(r => $"{k}#{r}")));
        output.WriteLine($"{Streams * EventsPerStream} events over {Streams} streams: {duplicates} delivered twice, {outOfOrder} streams out of publish order");
    }

    [Fact]
    public void Every_silo_reads_the_queues_named_by_MyBot_Streams_Queues()
    {
        var expected = AzureStorageSiloBuilderExtensions.QueueNames(_account.Id, AzureTestAccount.StreamProvider, 4);
        Assert.All(_silos, silo => Assert.Equal(
            expected,
            silo.Services.GetRequiredService<IOptionsMonitor<AzureQueueOptions>>().Get(AzureTestAccount.StreamProvider).QueueNames));
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await _account.DisposeAsync();
    }

    private Task WaitForActiveSilosAsync(int count)
    {
        var management = _silos[^1].Grains.GetGrain<IManagementGrain>(0);
        return Eventually.WaitUntilAsync(async () => (await management.GetHosts(onlyActive: true)).Count == count, TimeSpan.FromSeconds(30), $"{count} active silos");
    }
}
