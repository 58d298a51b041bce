using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MyBot.Agent.History;
using MyBot.Orleans.FileStorage.Data;
using MyBot.Server.Transcripts;
using MyBot.TestKit;
using MyBot.TestKit.Contracts.Transcripts;

namespace MyBot.Server.Tests.Transcripts;

public sealed class FileTranscriptStoreTests : TranscriptStoreContract, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _crashed = new();
    private readonly FileDataDirectory _directory;

    public FileTranscriptStoreTests() => _directory = Open(_data.Path);

    public void Dispose()
    {
        _directory.Dispose();
        _data.Dispose();
        _crashed.Dispose();
    }

    [Fact]
    public async Task A_transcript_written_before_the_journal_keeps_reading_and_takes_appends()
    {
        var folder = Path.Combine(_data.Path, "transcripts", "telegram%3A1%3A2");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "s1.jsonl"), "{\"at\":\"2026-01-01T00:00:00+00:00\",\"role\":\"user\",\"text\":\"old\"}\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "s0.jsonl"), "{\"at\":\"2026-01-01T00:00:00+00:00\",\"role\":\"user\",\"text\":\"kept\"}\n{\"at\":\"2026-01-0");
        var store = NewStore();

        await store.AppendAsync("telegram:1:2", "s1", [new TranscriptEntry(Now, "assistant", "new")], default);

        Assert.Equal(["old", "new"], (await store.ReadAsync("telegram:1:2", "s1", default)).Select(e => e.Text));
        Assert.Equal(["kept"], (await store.ReadAsync("telegram:1:2", "s0", default)).Select(e => e.Text));
        Assert.Equal(["s0", "s1"], await store.ListSessionsAsync("telegram:1:2", default));
        _directory.Checkpoint();
        Assert.Equal(2, File.ReadAllLines(Path.Combine(folder, "s1.jsonl")).Length);
    }

    [Fact]
    public async Task Lines_acknowledged_before_a_kill_are_in_the_session_file_after_the_restart()
    {
        var store = NewStore();
        await store.AppendAsync("cli:me", "s1", [new TranscriptEntry(Now, "user", "before the kill", "in-1")], default);
        await store.AppendAsync("cli:me", "s1", [new TranscriptEntry(Now, "assistant", "also")], default);

        // The files as a SIGKILL leaves them: nothing checkpointed, the journal's log holding both appends.
        foreach (var file in Directory.GetFiles(_data.Path, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != ".lock"))
        {
            var target = Path.Combine(_crashed.Path, Path.GetRelativePath(_data.Path, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        using var restarted = Open(_crashed.Path);

        Assert.Equal(["before the kill", "also"], (await new FileTranscriptStore(restarted).ReadAsync("cli:me", "s1", default)).Select(e => e.Text));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_crashed.Path, "transcripts", "cli%3Ame", "s1.jsonl")).Length);
    }

    protected override ITranscriptStore NewStore() => new FileTranscriptStore(_directory);

    private static FileDataDirectory Open(string path) =>
        new(Options.Create(new FileStorageOptions { DataDir = path }), new FileStoreMetrics(), TimeProvider.System, NullLogger<FileDataDirectory>.Instance);
}
