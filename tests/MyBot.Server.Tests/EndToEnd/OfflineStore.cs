using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Runtime.Hosting;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Storage.File;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary>The file store of a stopped server's data directory, opened by the test to inspect or damage it.</summary>
internal sealed class OfflineStore : IDisposable
{
    private readonly ServiceProvider _provider;

    public OfflineStore(string dataDir)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MyBot:DataDir"] = dataDir }).Build();
        var services = new ServiceCollection();
        services.AddFileStorage(configuration);
        _provider = services.BuildServiceProvider();
    }

    public FileGrainStorage Grains => _provider.GetRequiredService<FileGrainStorage>();

    public IDeadLetterStore DeadLetters => _provider.GetRequiredService<IDeadLetterStore>();

    public void Dispose() => _provider.Dispose();
}
