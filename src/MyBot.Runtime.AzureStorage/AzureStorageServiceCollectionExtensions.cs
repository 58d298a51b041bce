using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyBot.Runtime.Hosting;
using MyBot.Runtime.Storage;

namespace MyBot.Runtime.AzureStorage;

public static class AzureStorageServiceCollectionExtensions
{
    /// <summary>
    /// Grain state in blobs, streams on Storage Queues, partition ownership and singletons on blob leases, reminders and
    /// dead letters in blobs; replaces whatever storage was registered before. Used when <c>MyBot:Storage:Provider</c> is <c>AzureStorage</c>.
    /// </summary>
    public static IServiceCollection AddAzureStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AzureStorageOptions>()
            .Bind(configuration.GetSection(AzureStorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RuntimeOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AzureStorageAccount>();

        services.RemoveAll<IGrainStorage>().AddSingleton<IGrainStorage, BlobGrainStorage>();
        services.RemoveAll<IQueueStorage>().AddSingleton<IQueueStorage, AzureQueueStorage>();
        services.RemoveAll<IDeadLetterStore>().AddSingleton<IDeadLetterStore, BlobDeadLetterStore>();
        services.RemoveAll<IReminderStorage>().AddSingleton<IReminderStorage, BlobReminderStorage>();
        services.RemoveAll<IPartitionBalancer>().AddSingleton<IPartitionBalancer, BlobLeasePartitionBalancer>();
        services.RemoveAll<ISingletonLeaseProvider>().AddSingleton<ISingletonLeaseProvider, BlobSingletonLeaseProvider>();
        services.RemoveAll<IStorageHealthCheck>().AddSingleton<IStorageHealthCheck, AzureStorageHealthCheck>();
        return services;
    }
}
