using Microsoft.Extensions.DependencyInjection;
using global::Orleans;
using global::Orleans.Hosting;
using global::Orleans.Providers;
using global::Orleans.Runtime;
using global::Orleans.Runtime.Hosting;
using global::Orleans.Serialization;
using global::Orleans.Streams;
using global::Orleans.TestingHost;

namespace MyBot.TestKit.Orleans;

/// <summary>
/// An Orleans <see cref="InProcessTestCluster"/> (in-memory transport, no ports) whose silos keep grain state in one
/// <see cref="SharedGrainStateStore"/> as the default storage. Given a clock, the silos' services, grains and grain
/// timers run on it, while Orleans' messaging, membership and directory loops keep real time (as
/// <see cref="TimeProviderNames"/> suggests for tests).
/// </summary>
public sealed class GrainTestCluster : IAsyncDisposable
{
    private static readonly string[] RealTimeAreas =
    [
        TimeProviderNames.Messaging,
        TimeProviderNames.SystemTimers,
        TimeProviderNames.Membership,
        TimeProviderNames.ActivationManagement,
        TimeProviderNames.GrainDirectory,
        StreamingTimeProviderNames.Streaming,
    ];

    private GrainTestCluster(InProcessTestCluster cluster, SharedGrainStateStore store)
    {
        Cluster = cluster;
        Store = store;
    }

    public InProcessTestCluster Cluster { get; }

    /// <summary>A cluster client: what a channel outside the silo (or a test) calls grains through.</summary>
    public IGrainFactory Grains => Cluster.Client;

    public SharedGrainStateStore Store { get; }

    /// <param name="time">The silos' clock; the system clock by default.</param>
    /// <param name="configureSilo">More for every silo: services, a call filter, reminders, stream providers.</param>
    /// <param name="configureClient">More for the cluster client, such as the stream providers it publishes to.</param>
    /// <param name="store">The grain state to start on, such as that of a cluster stopped before; a new one by default.</param>
    public static async Task<GrainTestCluster> StartAsync(
        short silos = 1,
        TimeProvider? time = null,
        Action<ISiloBuilder>? configureSilo = null,
        Action<IClientBuilder>? configureClient = null,
        SharedGrainStateStore? store = null)
    {
        store ??= new SharedGrainStateStore();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (services, _) => new SharedGrainStorage(store, services.GetRequiredService<Serializer>()));
            if (time is not null)
            {
                silo.Services.AddSingleton(time);
                foreach (var area in RealTimeAreas)
                {
                    silo.Services.AddKeyedSingleton(area, TimeProvider.System);
                }
            }

            configureSilo?.Invoke(silo);
        });
        if (configureClient is not null)
        {
            builder.ConfigureClient(configureClient);
        }

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GrainTestCluster(cluster, store);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
