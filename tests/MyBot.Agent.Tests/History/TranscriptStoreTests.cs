using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.History;
using MyBot.TestKit;

namespace MyBot.Agent.Tests.History;

public sealed class TranscriptStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public static TheoryData<string> Stores => ["file", "memory"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Appends_and_reads_back_per_session(string kind)
    {
        var store = Create(kind);
        await store.AppendAsync("telegram:1:2", "s1", [new TranscriptEntry(Now, "user", "hi", "in-1")], default);
        await store.AppendAsync("telegram:1:2", "s1", [new TranscriptEntry(Now, "assistant", "hello\nthere")], default);
        await store.AppendAsync("telegram:1:2", "s2", [new TranscriptEntry(Now, "user", "new session")], default);

        var first = await store.ReadAsync("telegram:1:2", "s1", default);

        Assert.Equal(["hi", "hello\nthere"], first.Select(e => e.Text));
        Assert.Equal("in-1", first[0].InboundId);
        Assert.Equal(["s1", "s2"], await store.ListSessionsAsync("telegram:1:2", default));
        Assert.Empty(await store.ReadAsync("other:1", "s1", default));
    }

    [Fact]
    public async Task A_torn_last_line_is_skipped()
    {
        var store = Create("file");
        await store.AppendAsync("cli:me", "s1", [new TranscriptEntry(Now, "user", "kept")], default);
        var file = Directory.EnumerateFiles(_directory.Path, "*.jsonl", SearchOption.AllDirectories).Single();
        await File.AppendAllTextAsync(file, "{\"at\":\"2026-01-01T00:0");

        var entries = await store.ReadAsync("cli:me", "s1", default);

        Assert.Equal("kept", Assert.Single(entries).Text);
    }

    public void Dispose() => _directory.Dispose();

    private ITranscriptStore Create(string kind) =>
        kind == "file" ? new FileTranscriptStore(Options.Create(new AgentOptions { DataDir = _directory.Path })) : new MemoryTranscriptStore();
}
