using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyBot.Orleans.FileStorage.GrainStorage;
using MyBot.Orleans.FileStorage.Reminders;
using MyBot.Orleans.FileStorage.Streams;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Streams;

namespace MyBot.Orleans.FileStorage.Hosting;

public static class FileStorageSiloBuilderExtensions
{
    /// <summary>
    /// Orleans' simple cache reads at most a tenth of its size per poll and reports a bucket (a tenth) delivered, so
    /// deleted, only when no cursor is in it. 200 lets a queue read 20 messages a poll and hold 200 for slow consumers
    /// (a cache of 10 read one message per poll: 80 messages/s over 8 queues); a crash replays at most the last bucket
    /// of already delivered messages, which the session's dedupe window (256 ids) drops.
    /// </summary>
    private const int CacheSize = 200;

    /// <summary>
    /// A poll of a file queue is a look at an in-memory index, so the pulling agent may ask often: it bounds how long
    /// an accepted message waits before its session sees it (Orleans' default is 100 ms).
    /// </summary>
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(10);

    /// <summary>The localhost silo's storage: file grain storage as the default, file reminders, and file queue streams under <paramref name="streamProviderName"/>.</summary>
    public static ISiloBuilder UseFileStorage(this ISiloBuilder builder, IConfiguration configuration, string streamProviderName)
    {
        builder.Services.AddFileDataDirectory(configuration);
        return builder
            .AddFileGrainStorageAsDefault()
            .UseFileReminderService()
            .AddFileQueueStreams(streamProviderName, configuration);
    }

    public static ISiloBuilder AddFileGrainStorageAsDefault(this ISiloBuilder builder) =>
        builder.AddFileGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder builder, string name)
    {
        builder.Services.AddGrainStorage(name, FileGrainStorageFactory.Create);
        return builder;
    }

    /// <summary>Reminders in the data directory, durable across restarts; Orleans ships no durable local reminder table.</summary>
    public static ISiloBuilder UseFileReminderService(this ISiloBuilder builder)
    {
        builder.AddReminders();
        builder.Services.AddSingleton<FileReminderTable>();
        builder.Services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<FileReminderTable>());
        return builder;
    }

    /// <summary>
    /// A persistent stream provider on files, bound from <c>MyBot:Streams</c>, with implicit subscriptions only
    /// (the app's consumers subscribe implicitly); <paramref name="configure"/> runs last and may change any of it.
    /// </summary>
    public static ISiloBuilder AddFileQueueStreams(
        this ISiloBuilder builder,
        string name,
        IConfiguration configuration,
        Action<ISiloPersistentStreamConfigurator>? configure = null)
    {
        builder.Services.AddOptions<FileQueueStreamOptions>(name).Bind(configuration.GetSection(FileQueueStreamOptions.SectionName));
        builder.Services.AddTransient<IConfigurationValidator>(sp => new FileQueueStreamOptionsValidator(
            name,
            sp.GetRequiredService<IOptionsMonitor<FileQueueStreamOptions>>().Get(name),
            sp.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(name)));
        return builder.AddPersistentStreams(name, FileQueueAdapterFactory.Create, configurator =>
        {
            configurator.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            configurator.Configure<SimpleQueueCacheOptions>(options => options.Configure(cache => cache.CacheSize = CacheSize));
            configurator.ConfigurePullingAgent(options => options.Configure(agent => agent.GetQueueMsgsTimerPeriod = PollPeriod));
            configure?.Invoke(configurator);
        });
    }
}
