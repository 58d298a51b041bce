using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Azure.Storage.Blobs.Specialized;
using MyBot.Agent.History;
using MyBot.Orleans.AzureStorage.Hosting;
using MyBot.Server.Transcripts;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Contracts.Transcripts;

namespace MyBot.Server.Tests.Transcripts;

public sealed class BlobTranscriptStoreTests(AzuriteServer azurite) : TranscriptStoreContract, IClassFixture<AzuriteServer>, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<ServiceProvider> _providers = [];
    private readonly string _container = $"transcripts{Guid.NewGuid():N}"[..24];

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }
    }

    [Fact]
    public async Task A_line_that_does_not_parse_is_skipped()
    {
        var store = Create();
        await store.AppendAsync("cli:me", "s1", [new TranscriptEntry(Now, "user", "kept")], default);
        var blob = Clients().Container.GetAppendBlobClient("transcripts/cli%3Ame/s1.jsonl");
        await blob.AppendBlockAsync(new MemoryStream("{\"at\":\"2026-01-01T00:0\n"u8.ToArray()));
        await store.AppendAsync("cli:me", "s1", [new TranscriptEntry(Now, "assistant", "also kept")], default);

        var entries = await store.ReadAsync("cli:me", "s1", default);

        Assert.Equal(["kept", "also kept"], entries.Select(e => e.Text));
    }

    private BlobTranscriptStore Create() => new(Clients());

    /// <summary>A store of a process of its own on the same container, as another replica.</summary>
    protected override ITranscriptStore NewStore() => Create();

    /// <summary>The clients of a process of its own, as the server builds them.</summary>
    private AzureStorageClients Clients()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{AzureStorageOptions.SectionName}:ConnectionString"] = azurite.ConnectionString,
            [$"{AzureStorageOptions.SectionName}:ContainerName"] = _container,
        }).Build();
        var provider = new ServiceCollection().AddAzureStorage(configuration).BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<AzureStorageClients>();
    }
}
