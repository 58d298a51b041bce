using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace MyBot.Orleans.FileStorage.GrainStorage;

/// <summary>Builds the provider of one name, like Orleans' <c>AzureBlobGrainStorageFactory</c>.</summary>
public static class FileGrainStorageFactory
{
    public static FileGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<FileGrainStorageOptions>>().Get(name);
        options.GrainStorageSerializer ??= ActivatorUtilities.CreateInstance<SystemTextJsonGrainStorageSerializer>(services);
        return ActivatorUtilities.CreateInstance<FileGrainStorage>(services, name, options, services.GetService<TimeProvider>() ?? TimeProvider.System);
    }
}
