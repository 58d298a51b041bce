using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyBot.Grains;
using MyBot.Orleans.AzureStorage.DeadLetters;
using MyBot.Orleans.AzureStorage.Streams;

namespace MyBot.Orleans.AzureStorage.Hosting;

public static class AzureStorageServiceCollectionExtensions
{
    public const string HealthCheckName = "storage";

    /// <summary>
    /// The Azure settings (validated on start), the storage clients every provider shares, dead letters in blobs and the
    /// storage health check. <see cref="AzureStorageSiloBuilderExtensions.UseAzureStorage"/> calls it too; a second call does nothing.
    /// </summary>
    public static IServiceCollection AddAzureStorage(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(AzureStorageClients)))
        {
            return services;
        }

        services.AddOptions<AzureStorageOptions>()
            .Bind(configuration.GetSection(AzureStorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<AzureQueueDeliveryOptions>()
            .Bind(configuration.GetSection(AzureQueueDeliveryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AzureStorageRequestCounter>();
        services.AddSingleton<AzureStorageClients>();
        services.RemoveAll<IDeadLetterStore>().AddSingleton<IDeadLetterStore, BlobDeadLetterStore>();
        // A singleton, so the check's reuse of a healthy answer outlives one probe.
        services.AddSingleton<AzureStorageHealthCheck>();
        services.AddHealthChecks().AddCheck<AzureStorageHealthCheck>(HealthCheckName);
        return services;
    }
}
