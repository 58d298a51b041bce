using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MyBot.Agent;
using MyBot.Agent.History;
using MyBot.Channels;
using MyBot.Channels.Hosting;
using MyBot.Telemetry;
using MyBot.TestKit;
using MyBot.TestKit.Channels;
using MyBot.TestKit.DeadLetters;
using MyBot.TestKit.Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Reminders;
using Orleans.Streams;
using Orleans.TestingHost;

namespace MyBot.Grains.Tests.Support;

/// <summary>
/// The agent's grains in the test kit's <see cref="GrainTestCluster"/>: memory streams as the <c>inbound</c> provider
/// (implicit subscriptions only), in-memory reminders, the setup's grain state (which outlives the cluster), a scripted
/// LLM and a recording channel. With a <see cref="FakeTimeProvider"/> the grains' clock, all grain timers (also those
/// of the stream pulling agents) and the reminders run on it, while messaging, membership and the directory keep real time.
/// </summary>
internal sealed class GrainsTestCluster : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly GrainTestCluster _cluster;

    private GrainsTestCluster(GrainTestCluster cluster, GrainsTestSetup setup)
    {
        _cluster = cluster;
        Setup = setup;
    }

    public InProcessTestCluster Cluster => _cluster.Cluster;

    public GrainsTestSetup Setup { get; }

    public IGrainFactory Grains => Cluster.Client;

    public RecordingChannel Channel => Setup.Channel;

    public MemoryDeadLetterStore DeadLetters => Setup.DeadLetters;

    public static async Task<GrainsTestCluster> StartAsync(GrainsTestSetup setup, short silos = 1)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(setup.Settings).Build();
        var cluster = await GrainTestCluster.StartAsync(
            silos,
            setup.Time,
            silo => ConfigureSilo(silo, setup, configuration),
            client => client.AddMemoryStreams(InboundStream.ProviderName, streams => streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly)),
            setup.Storage);
        return new GrainsTestCluster(cluster, setup);
    }

    public Task PublishAsync(InboundEvent inbound) => new StreamInboundPublisher(Cluster.Client).PublishAsync(inbound, CancellationToken.None);

    public ISessionGrain Session(EventSource source) => Grains.GetGrain<ISessionGrain>(source.ToString());

    /// <summary>Waits for a condition; with fake time, moves the clock by <paramref name="step"/> (1 ms by default) per probe so due timers fire.</summary>
    public Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? step = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), what, step);

    public Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? step = null) =>
        Eventually.WaitUntilAsync(
            () =>
            {
                Setup.Time?.Advance(step ?? TimeSpan.FromMilliseconds(1));
                return condition();
            },
            Bound,
            what);

    public T Service<T>() where T : notnull => Cluster.Silos[0].ServiceProvider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    private static void ConfigureSilo(ISiloBuilder silo, GrainsTestSetup setup, IConfiguration configuration)
    {
        ConfigureServices(silo.Services, setup, configuration);
        silo.AddMemoryStreams(InboundStream.ProviderName, streams =>
        {
            streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            if (setup.Time is not null)
            {
                // The pulling agents' timers are grain timers, so on fake time; let each nudge of the clock pull.
                streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(1)));
            }
        });
        silo.UseInMemoryReminderService();
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        if (setup.ResponseTimeout is { } timeout)
        {
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = timeout);
        }
    }

    private static void ConfigureServices(IServiceCollection services, GrainsTestSetup setup, IConfiguration configuration)
    {
        services.AddSingleton<IChatClient>(setup.Llm);
        services.AddSingleton<IChannel>(setup.Channel);
        foreach (var channel in setup.MoreChannels)
        {
            services.AddSingleton(channel);
        }

        services.AddChannelHosting(configuration);
        services.AddSingleton<IInboundPublisher, StreamInboundPublisher>();
        services.AddSingleton<IDeadLetterStore>(setup.DeadLetters);
        services.AddSingleton<ITranscriptStore>(setup.Transcripts);
        services.AddMyBotAgent(configuration);
        services.AddMyBotGrains(configuration);
        services.AddCronJobScheduling();
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName));
    }
}
