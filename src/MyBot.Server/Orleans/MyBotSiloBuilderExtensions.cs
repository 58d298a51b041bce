using System.Net;
using System.Net.Sockets;
using MyBot.Agent.History;
using MyBot.Agent.Workspace;
using MyBot.Orleans.AzureStorage.Hosting;
using MyBot.Orleans.FileStorage.Hosting;
using MyBot.Server.Health;
using MyBot.Server.Hosting;
using MyBot.Server.Transcripts;
using MyBot.Server.Workspace;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Streams;

namespace MyBot.Server.Orleans;

public static class MyBotSiloBuilderExtensions
{
    /// <summary>
    /// Reminders can wake a grain this often at most. Orleans' default (one minute) would leave a conversation cut by a
    /// crash waiting up to a minute; the grains ask for ten seconds, so a restarted silo resumes within about fifteen.
    /// </summary>
    public static readonly TimeSpan MinimumReminderPeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The silo of this process: the localhost silo on files (<c>MyBot:Storage:Provider</c> = <c>File</c>) or a member of a
    /// cluster on Azure Storage, with the <c>inbound</c> stream, reminders and the dashboard.
    /// </summary>
    public static ISiloBuilder UseMyBotSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(OrleansOptions.SectionName).Get<OrleansOptions>() ?? new OrleansOptions();
        silo.Services.AddOptions<OrleansOptions>()
            .Bind(configuration.GetSection(OrleansOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        silo.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = MinimumReminderPeriod);
        silo.Configure<GrainCollectionOptions>(collection =>
        {
            collection.CollectionAge = options.IdleDeactivation;

            // Orleans looks for idle grains once a minute and needs an age above that period: a shorter idle time
            // (the benchmark measures idle sessions after seconds) looks twice per idle time instead.
            if (options.IdleDeactivation <= collection.CollectionQuantum)
            {
                collection.CollectionQuantum = options.IdleDeactivation / 2;
            }
        });

        if (StorageOptions.IsAzure(configuration))
        {
            var advertised = AdvertisedAddress.Resolve(options.AdvertisedAddress);
            var siloPort = options.SiloPort is 0 ? EndpointOptions.DEFAULT_SILO_PORT : options.SiloPort;
            var listenOnAny = options.ListenOnAny ?? true;
            silo.Configure<EndpointOptions>(endpoints =>
            {
                endpoints.AdvertisedIPAddress = advertised;
                endpoints.SiloPort = siloPort;
                endpoints.GatewayPort = options.GatewayPort;

                // Not Orleans' ConfigureEndpoints: with listenOnAnyHostAddress it also sets a gateway endpoint on port 0, a gateway on a random port.
                if (listenOnAny)
                {
                    endpoints.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, siloPort);
                    if (options.GatewayPort != 0)
                    {
                        endpoints.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, options.GatewayPort);
                    }
                }
            });
            silo.UseAzureStorage(configuration, InboundStream.ProviderName);

            // Before the agent's TryAdd of the workspace folder: a replica's disk goes with the replica.
            silo.Services.AddSingleton<ITranscriptStore, BlobTranscriptStore>();
            silo.Services.AddSingleton<IAgentWorkspace, BlobWorkspace>();
            silo.Services.Configure<StreamPubSubOptions>(InboundStream.ProviderName, pubSub => pubSub.PubSubType = StreamPubSubType.ImplicitOnly);
        }
        else
        {
            if (options.ListenOnAny is true)
            {
                throw new ServerConfigurationException(
                    $"{OrleansOptions.SectionName}:{nameof(OrleansOptions.ListenOnAny)} = true needs MyBot:Storage:Provider = AzureStorage; the localhost silo listens on loopback only.");
            }

            silo.UseLocalhostClustering(
                siloPort: options.SiloPort is 0 ? FreeLoopbackPort() : options.SiloPort,
                gatewayPort: options.GatewayPort,
                serviceId: options.ServiceId,
                clusterId: options.ClusterId);
            silo.UseFileStorage(configuration, InboundStream.ProviderName);
            silo.Services.AddSingleton<ITranscriptStore, FileTranscriptStore>();
        }

        silo.Services.AddSingleton<SiloReadiness>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<SiloReadiness>());
        silo.AddDashboard();

        // Grain calls carry the caller's trace context, so a call made inside a turn's span stays in its trace.
        silo.AddActivityPropagation();
        return silo;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
