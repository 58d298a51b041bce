using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Storage.File;
using MyBot.Runtime.Storage.Memory;
using MyBot.Runtime.Streams;
using MyBot.Runtime.Timers;

namespace MyBot.Runtime.Hosting;

public static class RuntimeServiceCollectionExtensions
{
    /// <summary>The grain runtime: activations, streams, reminders. Add a storage provider too.</summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RuntimeOptions>()
            .Bind(configuration.GetSection(RuntimeOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.VisibilityTimeout >= TimeSpan.FromSeconds(3), "MyBot:Runtime:VisibilityTimeout must be at least 3 seconds.")
            .Validate(o => o.IdleDeactivation > TimeSpan.Zero, "MyBot:Runtime:IdleDeactivation must be positive.")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.MaxPollInterval >= o.PollInterval, "MyBot:Runtime:PollInterval must be positive and MyBot:Runtime:MaxPollInterval at least as long.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GrainActivator>();
        services.TryAddSingleton<GrainCatalog>();
        services.TryAddSingleton<ReminderService>();
        services.TryAddSingleton(sp => new Lazy<ReminderService>(sp.GetRequiredService<ReminderService>));
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainCatalog>().GrainFactory);
        services.TryAddSingleton<PartitionSignals>();
        services.TryAddSingleton<IStreamPublisher, StreamPublisher>();
        services.TryAddSingleton<SiloStatus>();
        services.AddHostedService<SiloHost>();
        return services;
    }

    public static IServiceCollection AddGrain<TGrainInterface, TGrain>(this IServiceCollection services)
        where TGrainInterface : IGrainWithStringKey
        where TGrain : Grain, TGrainInterface
    {
        services.AddSingleton(new GrainTypeRegistration(typeof(TGrainInterface), typeof(TGrain)));
        return services;
    }

    public static IServiceCollection AddStreamHandler<THandler>(this IServiceCollection services)
        where THandler : class, IStreamHandler
    {
        services.AddSingleton<IStreamHandler, THandler>();
        return services;
    }

    /// <summary>The embedded store of the localhost silo: everything under <c>MyBot:DataDir</c>, one process owning all partitions.</summary>
    public static IServiceCollection AddFileStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FileStorageOptions>()
            .Bind(configuration.GetSection(FileStorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<FileStoreMetrics>();
        services.TryAddSingleton<FileDataDirectory>();
        services.TryAddSingleton<FileGrainStorage>();
        services.TryAddSingleton<IGrainStorage>(sp => sp.GetRequiredService<FileGrainStorage>());
        services.TryAddSingleton<IQueueStorage, FileQueueStorage>();
        services.TryAddSingleton<IDeadLetterStore, FileDeadLetterStore>();
        services.TryAddSingleton<IReminderStorage, FileReminderStorage>();
        services.TryAddSingleton<IStorageHealthCheck, FileStorageHealthCheck>();
        services.TryAddSingleton<IPartitionBalancer, LocalPartitionBalancer>();
        services.TryAddSingleton<ISingletonLeaseProvider, LocalSingletonLeaseProvider>();
        return services;
    }

    /// <summary>Everything in memory: for unit tests.</summary>
    public static IServiceCollection AddMemoryStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<MemoryGrainStorage>();
        services.TryAddSingleton<IGrainStorage>(sp => sp.GetRequiredService<MemoryGrainStorage>());
        services.TryAddSingleton<MemoryQueueStorage>();
        services.TryAddSingleton<IQueueStorage>(sp => sp.GetRequiredService<MemoryQueueStorage>());
        services.TryAddSingleton<IDeadLetterStore, MemoryDeadLetterStore>();
        services.TryAddSingleton<IReminderStorage, MemoryReminderStorage>();
        services.TryAddSingleton<IStorageHealthCheck, MemoryStorageHealthCheck>();
        services.TryAddSingleton<IPartitionBalancer, LocalPartitionBalancer>();
        services.TryAddSingleton<ISingletonLeaseProvider, LocalSingletonLeaseProvider>();
        return services;
    }
}
