using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using MyBot.Orleans.AzureStorage.Hosting;
using MyBot.Orleans.FileStorage.Data;

namespace MyBot.Server.Hosting;

/// <summary>Where the data protection keys that protect the web sign-in's cookie are kept.</summary>
public static class DataProtectionKeys
{
    /// <summary>The folder under the data directory: a restart keeps the keys, so signed-in browsers stay signed in.</summary>
    public const string FolderName = "data-protection-keys";

    public static IServiceCollection AddDataProtectionKeysInDataDirectory(this IServiceCollection services)
    {
        services.AddOptions<KeyManagementOptions>()
            .Configure<FileDataDirectory, ILoggerFactory>((options, directory, loggers) =>
                options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(directory.PathFor(FolderName)), loggers));
        return services;
    }

    /// <summary>
    /// In a cluster every silo must read the keys the others wrote: one blob in our container (see <see cref="BlobXmlRepository"/>).
    /// The keys are not encrypted beyond the storage account's own encryption at rest; whoever may read the container
    /// could forge a session, as whoever may read the grain state could read the conversations.
    /// </summary>
    public static IServiceCollection AddDataProtectionKeysInBlobStorage(this IServiceCollection services)
    {
        services.AddOptions<KeyManagementOptions>()
            .Configure<AzureStorageClients>((options, clients) => options.XmlRepository = new BlobXmlRepository(clients));
        return services;
    }
}
