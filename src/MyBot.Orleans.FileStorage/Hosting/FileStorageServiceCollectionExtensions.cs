using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyBot.Grains;
using MyBot.Orleans.FileStorage.Data;
using MyBot.Orleans.FileStorage.DeadLetters;

namespace MyBot.Orleans.FileStorage.Hosting;

public static class FileStorageServiceCollectionExtensions
{
    /// <summary>
    /// The data directory (<c>MyBot:DataDir</c>, default <c>.data</c>) under its exclusive lock, its metrics, the dead
    /// letter store on it and the <c>storage</c> health check. Calling it again changes nothing.
    /// </summary>
    public static IServiceCollection AddFileDataDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(FileDataDirectory)))
        {
            return services;
        }

        services.AddOptions<FileStorageOptions>()
            .Bind(configuration.GetSection(FileStorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FileStoreMetrics>();
        services.AddSingleton<FileDataDirectory>();

        // Resolving the directory takes its lock: done as the host starts, so a second silo on it fails right away.
        services.AddHostedService<FileDataDirectoryLockService>();
        services.TryAddSingleton<IDeadLetterStore, FileDeadLetterStore>();
        // A singleton, so the check's reuse of a healthy answer outlives one probe.
        services.AddSingleton<FileStorageHealthCheck>();
        services.AddHealthChecks().AddCheck<FileStorageHealthCheck>("storage");
        return services;
    }
}
