using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Azure.Storage.Blobs.Specialized;
using MyBot.Agent.History;
using MyBot.Orleans.AzureStorage.Hosting;
using MyBot.Server.Transcripts;
using MyBot.TestKit.Azure;

namespace MyBot.Server.Tests.Transcripts;

public sealed class BlobTranscriptStoreTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>, IDisposable
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
    public async Task Appends_and_reads_back_per_session_from_any_store_on_the_account()
    {
        var store = Create();
        await store.AppendAsync("telegram:1:2", "s1", [new TranscriptEntry(Now, "user", "hi", "in-1")], default);
        await store.AppendAsync("telegram:1:2", "s1", [new TranscriptEntry(Now, "assistant", "hello\nthere"), new TranscriptEntry(Now, "tool", "{}", Tool: "current_time")], default);
        await store.AppendAsync("telegram:1:2", "2026/s2", [new TranscriptEntry(Now, "user", "new session")], default);
        await store.AppendAsync("telegram:1:2", "s3", [], default);

        var elsewhere = Create();
        var first = await elsewhere.ReadAsync("telegram:1:2", "s1", default);

        Assert.Equal(["hi", "hello\nthere", "{}"], first.Select(e => e.Text));
        Assert.Equal("in-1", first[0].InboundId);
        Assert.Equal("current_time", first[2].Tool);
        Assert.Equal(["2026/s2", "s1"], await elsewhere.ListSessionsAsync("telegram:1:2", default));
        Assert.Empty(await elsewhere.ReadAsync("other:1", "s1", default));
        Assert.Empty(await elsewhere.ListSessionsAsync("telegram:1", default));
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
