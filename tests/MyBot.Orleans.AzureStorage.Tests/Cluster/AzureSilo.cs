using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MyBot.Orleans.AzureStorage.Hosting;
using MyBot.TestKit.Server;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Streams;

namespace MyBot.Orleans.AzureStorage.Tests.Cluster;

/// <summary>
/// A real silo host on loopback TCP ports with <c>UseAzureStorage</c>, as the server wires it: Azure Table membership
/// included (Orleans' InProcessTestCluster would swap in its in-memory membership table).
/// </summary>
internal sealed class AzureSilo(IHost host) : IAsyncDisposable
{
    private bool _stopped;

    public IServiceProvider Services => host.Services;

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    public SiloAddress Address => host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public static async Task<AzureSilo> StartAsync(AzureTestAccount account, Action<ISiloBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(account.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = account.Id;
                o.ServiceId = account.Id;
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, ServerProcess.FreePort(), ServerProcess.FreePort());
            silo.UseAzureStorage(builder.Configuration, AzureTestAccount.StreamProvider);
            silo.Services.Configure<StreamPubSubOptions>(AzureTestAccount.StreamProvider, o => o.PubSubType = StreamPubSubType.ImplicitOnly);
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new AzureSilo(host);
    }

    /// <summary>A graceful stop: the silo leaves the membership table and hands its grains and queues over.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        host.Dispose();
    }
}
