using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Orleans.FileStorage.Hosting;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace MyBot.Orleans.FileStorage.Tests.Cluster;

/// <summary>A one-silo in-process cluster on a data directory, with small timeouts so failures and reminders show within seconds.</summary>
internal sealed class FileStorageCluster : IAsyncDisposable
{
    private FileStorageCluster(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    public IGrainFactory Grains => Cluster.Client;

    public static async Task<FileStorageCluster> StartAsync(string dataDir, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["MyBot:DataDir"] = dataDir,
                ["MyBot:Streams:MaxAttempts"] = "2",
                ["MyBot:Streams:VisibilityTimeout"] = "00:00:03",
                ["MyBot:Streams:Queues"] = "2",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseFileStorage(configuration, ClusterTests.StreamProvider);
            silo.Services.Configure<StreamPullingAgentOptions>(ClusterTests.StreamProvider, o => o.MaxEventDeliveryTime = TimeSpan.FromSeconds(1));
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return new FileStorageCluster(cluster);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
