using Microsoft.Extensions.DependencyInjection;
using global::Orleans;
using global::Orleans.Providers;
using global::Orleans.Runtime;
using global::Orleans.Runtime.Hosting;
using global::Orleans.Serialization;
using global::Orleans.TestingHost;

namespace MyBot.TestKit.Orleans;

/// <summary>
/// An Orleans <see cref="InProcessTestCluster"/> (in-memory transport, no ports) whose silos keep grain state in one
/// <see cref="SharedGrainStateStore"/> as the default storage, and give grains <see cref="GrainTime"/> as their clock
/// (<see cref="TimeProviderNames.Grains"/>) while Orleans' own loops keep the system clock.
/// </summary>
public sealed class GrainTestCluster : IAsyncDisposable
{
    private GrainTestCluster(InProcessTestCluster cluster, SharedGrainStateStore store, TimeProvider grainTime)
    {
        Cluster = cluster;
        Store = store;
        GrainTime = grainTime;
    }

    public InProcessTestCluster Cluster { get; }

    /// <summary>A cluster client: what a channel outside the silo (or a test) calls grains through.</summary>
    public IGrainFactory Grains => Cluster.Client;

    public SharedGrainStateStore Store { get; }

    public TimeProvider GrainTime { get; }

    /// <param name="grainTime">The grains' clock; the system clock by default.</param>
    /// <param name="configureSilo">More services for every silo (a call filter, say).</param>
    public static async Task<GrainTestCluster> StartAsync(short silos = 1, TimeProvider? grainTime = null, Action<IServiceCollection>? configureSilo = null)
    {
        var store = new SharedGrainStateStore();
        var time = grainTime ?? TimeProvider.System;
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (services, _) => new SharedGrainStorage(store, services.GetRequiredService<Serializer>()));
            silo.Services.AddKeyedSingleton(TimeProviderNames.Grains, time);
            configureSilo?.Invoke(silo.Services);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GrainTestCluster(cluster, store, time);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
