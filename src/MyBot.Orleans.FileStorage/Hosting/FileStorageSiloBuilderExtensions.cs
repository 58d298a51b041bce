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
    /// The bucket of Orleans' simple cache is a tenth of its size, and a bucket is reported delivered (and so deleted)
    /// only when no cursor is in it: with 10 the bucket is one message, released as soon as the consumer moved past it.
    /// It also caps a queue at ten messages in the cache before the agent stops reading: plenty for one owner's chats.
    /// </summary>
    private const int PromptReleaseCacheSize = 10;

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
            configurator.Configure<SimpleQueueCacheOptions>(options => options.Configure(cache => cache.CacheSize = PromptReleaseCacheSize));
            configure?.Invoke(configurator);
        });
    }
}
