using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Agent.History;
using MyBot.Orleans.FileStorage.Data;
using MyBot.Orleans.FileStorage.Hosting;
using MyBot.Server.Transcripts;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary>The file store of a stopped server's data directory, opened by the test to inspect or damage it.</summary>
internal sealed class OfflineStore : IDisposable
{
    /// <summary>The name Orleans gives the default grain storage provider, under which every MyBot grain keeps its state.</summary>
    private const string DefaultProvider = "Default";

    private readonly ServiceProvider _provider;

    public OfflineStore(string dataDir)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MyBot:DataDir"] = dataDir }).Build();
        var services = new ServiceCollection();
        services.AddFileDataDirectory(configuration);
        _provider = services.BuildServiceProvider();
    }

    public IDeadLetterStore DeadLetters => _provider.GetRequiredService<IDeadLetterStore>();

    /// <summary>The transcripts as the server reads them; opening the directory first replays the journal a kill left into the files.</summary>
    public ITranscriptStore Transcripts => new FileTranscriptStore(_provider.GetRequiredService<FileDataDirectory>());

    /// <summary>Where the file grain storage keeps one grain's state: <c>grains/Default/&lt;state&gt;/&lt;grain type&gt;/&lt;key&gt;.json</c>.</summary>
    public string StatePath(string stateName, string grainType, string key) =>
        _provider.GetRequiredService<FileDataDirectory>().PathFor(
            "grains",
            FileDataDirectory.EscapeName(DefaultProvider),
            FileDataDirectory.EscapeName(stateName),
            FileDataDirectory.EscapeName(grainType),
            FileDataDirectory.EscapeName(key) + ".json");

    public void Dispose() => _provider.Dispose();
}
