using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
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
}
