using System.Text;
using Microsoft.Extensions.Logging;
using MyBot.Orleans.FileStorage.Data;
using MyBot.TestKit;

namespace MyBot.Orleans.FileStorage.Tests.Data;

/// <summary>
/// The journal under crashes. A crash is simulated by copying a running directory's log into a fresh directory (the
/// files a SIGKILL leaves), damaging its end where the test says, and opening that directory.
/// </summary>
public sealed class FileJournalTests : IDisposable
{
    private readonly TestDataDirectory _data = new();
    private readonly TempDirectory _crashed = new();
    private readonly CapturingLoggerProvider _logs = new();

    [Fact]
    public async Task Writes_that_arrive_during_a_flush_share_the_next_fsync_and_each_is_durable_when_its_task_completes()
    {
        // Whether writers overlap a flush depends on the scheduler (a starved pool can run 200 writers one by one), so
        // the test sends bursts until one overlaps, and fails if none of five did.
        const int Writers = 200;
        var paths = new List<string>();
        var shared = false;
        for (var burst = 0; burst < 5 && !shared; burst++)
        {
            var batch = Enumerable.Range(0, Writers).Select(i => _data.Directory.PathFor("grains", $"b{burst}-g{i}.json")).ToList();
            var fsyncsBefore = _data.Directory.Metrics.Fsyncs;
            using var start = new Barrier(Writers);
            await Task.WhenAll(batch.Select(path => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    return _data.Directory.WriteAsync(path, Encoding.UTF8.GetBytes(path));
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).Unwrap()));
            var fsyncs = _data.Directory.Metrics.Fsyncs - fsyncsBefore;
            Assert.InRange(fsyncs, 1, Writers);
            shared = fsyncs < Writers;
            paths.AddRange(batch);
        }

        Assert.True(shared, $"None of five bursts of {Writers} concurrent writes shared an fsync.");
        using var recovered = OpenCrashCopy(log => log);
        foreach (var path in paths)
        {
            Assert.Equal(path, Encoding.UTF8.GetString((await recovered.ReadAsync(Moved(path)))!));
        }
    }

    [Fact]
    public async Task A_log_that_ends_mid_record_loses_only_that_record_and_says_so()
    {
        var path = _data.Directory.PathFor("grains", "state.json");
        var other = _data.Directory.PathFor("reminders", "row.json");
        await _data.Directory.WriteAsync(path, "acknowledged"u8.ToArray());
        await _data.Directory.WriteAsync(other, "kept"u8.ToArray());
        await _data.Directory.WriteAsync(path, "the write the crash cut"u8.ToArray());

        using var recovered = OpenCrashCopy(log => log[..^5]);

        Assert.Equal("acknowledged"u8.ToArray(), await recovered.ReadAsync(Moved(path)));
        Assert.Equal("kept"u8.ToArray(), await recovered.ReadAsync(Moved(other)));
        Assert.Equal("acknowledged", File.ReadAllText(Moved(path)));
        AssertTornTailReported();
    }

    [Fact]
    public async Task A_torn_last_record_fails_its_checksum_and_is_dropped()
    {
        var path = _data.Directory.PathFor("streams", "inbound", "0", "1.0.msg");
        await _data.Directory.WriteAsync(path, "enqueued"u8.ToArray());
        await _data.Directory.DeleteAsync(path);

        // The delete's record is the log's last 8 + 3 + path bytes: a flipped bit in its path fails the checksum.
        using var recovered = OpenCrashCopy(log =>
        {
            log[^2] ^= 0x40;
            return log;
        });

        Assert.Equal("enqueued"u8.ToArray(), await recovered.ReadAsync(Moved(path)));
        AssertTornTailReported();
    }

    [Fact]
    public async Task A_log_of_only_a_partial_header_recovers_to_the_files_as_they_were()
    {
        var path = _data.Directory.PathFor("grains", "state.json");
        await _data.Directory.WriteAsync(path, "first"u8.ToArray());

        using var recovered = OpenCrashCopy(log => log[..3]);

        Assert.Null(await recovered.ReadAsync(Moved(path)));
        AssertTornTailReported();
    }

    [Fact]
    public async Task Deletes_replay_and_writes_across_checkpoints_survive_a_crash()
    {
        using var small = TestDataDirectory.Open(_crashed.Path + "-small", checkpointBytes: 512);
        try
        {
            for (var i = 0; i < 100; i++)
            {
                await small.WriteAsync(small.PathFor("grains", $"g{i % 10}.json"), Encoding.UTF8.GetBytes($"version {i}"));
            }

            await small.DeleteAsync(small.PathFor("grains", "g3.json"));
            small.Checkpoint();
            await small.WriteAsync(small.PathFor("grains", "g4.json"), "after the checkpoint"u8.ToArray());
            await small.DeleteAsync(small.PathFor("grains", "g5.json"));

            // The files as a SIGKILL leaves them: the checkpointed files, and the log since the last checkpoint.
            CopyDirectory(small.Root, _crashed.Path, skip: ".lock");
            using var recovered = TestDataDirectory.Open(_crashed.Path);

            Assert.Null(await recovered.ReadAsync(Path.Combine(_crashed.Path, "grains", "g3.json")));
            Assert.Null(await recovered.ReadAsync(Path.Combine(_crashed.Path, "grains", "g5.json")));
            Assert.False(File.Exists(Path.Combine(_crashed.Path, "grains", "g5.json")));
            Assert.Equal("after the checkpoint", File.ReadAllText(Path.Combine(_crashed.Path, "grains", "g4.json")));
            Assert.Equal("version 99", File.ReadAllText(Path.Combine(_crashed.Path, "grains", "g9.json")));
            Assert.Empty(Directory.GetFiles(Path.Combine(_crashed.Path, "journal"), "*.log"));
        }
        finally
        {
            small.Dispose();
            Directory.Delete(_crashed.Path + "-small", recursive: true);
        }
    }

    [Fact]
    public async Task Listing_a_folder_shows_pending_writes_and_hides_pending_deletes()
    {
        var folder = _data.Directory.PathFor("deadletters");
        await _data.Directory.WriteAsync(Path.Combine(folder, "a.json"), "a"u8.ToArray());
        await _data.Directory.WriteAsync(Path.Combine(folder, "b.json"), "b"u8.ToArray());
        _data.Directory.Checkpoint();
        await _data.Directory.DeleteAsync(Path.Combine(folder, "a.json"));
        await _data.Directory.WriteAsync(Path.Combine(folder, "c.json"), "c"u8.ToArray());

        Assert.Equal(["b.json", "c.json"], _data.Directory.ListFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(folder, "a.json")), "the delete waits for the next checkpoint");
        Assert.False(_data.Directory.Exists(Path.Combine(folder, "a.json")));
    }

    [Fact]
    public async Task Appends_that_arrive_during_a_flush_share_the_next_fsync_across_files_and_each_lands_once()
    {
        const int Writers = 200;
        var files = Enumerable.Range(0, 4).Select(i => _data.Directory.PathFor("transcripts", "c", $"s{i}.jsonl")).ToList();
        var shared = false;
        var lines = 0;
        for (var burst = 0; burst < 5 && !shared; burst++)
        {
            var fsyncsBefore = _data.Directory.Metrics.Fsyncs;
            using var start = new Barrier(Writers);
            var round = burst;
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    return _data.Directory.AppendAsync(files[i % files.Count], Encoding.UTF8.GetBytes($"{round}-{i}\n"));
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).Unwrap()));
            var fsyncs = _data.Directory.Metrics.Fsyncs - fsyncsBefore;
            Assert.InRange(fsyncs, 1, Writers);
            shared = fsyncs < Writers;
            lines += Writers;
        }

        Assert.True(shared, $"None of five bursts of {Writers} concurrent appends shared an fsync.");
        using var recovered = OpenCrashCopy(log => log);
        for (var f = 0; f < files.Count; f++)
        {
            var expected = Enumerable.Range(0, lines).Where(n => n % Writers % files.Count == f).Select(n => $"{n / Writers}-{n % Writers}").Order(StringComparer.Ordinal);
            Assert.Equal(expected, Lines(await _data.Directory.ReadAsync(files[f])).Order(StringComparer.Ordinal));
            Assert.Equal(await _data.Directory.ReadAsync(files[f]), await recovered.ReadAsync(Moved(files[f])));
            Assert.Equal(await _data.Directory.ReadAsync(files[f]), File.ReadAllBytes(Moved(files[f])));
        }
    }

    [Fact]
    public async Task Pending_appends_replay_after_a_crash_onto_the_checkpointed_file()
    {
        var path = _data.Directory.PathFor("transcripts", "c", "s.jsonl");
        await _data.Directory.AppendAsync(path, "checkpointed\n"u8.ToArray());
        _data.Directory.Checkpoint();
        await _data.Directory.AppendAsync(path, "first\n"u8.ToArray());
        await _data.Directory.AppendAsync(path, "second\n"u8.ToArray());

        CopyDirectory(_data.Root, _crashed.Path, skip: ".lock");
        using var recovered = TestDataDirectory.Open(_crashed.Path);

        Assert.Equal("checkpointed\nfirst\nsecond\n", File.ReadAllText(Moved(path)));
        Assert.Equal("checkpointed\nfirst\nsecond\n", Encoding.UTF8.GetString((await recovered.ReadAsync(Moved(path)))!));
    }

    [Fact]
    public async Task Replaying_a_log_whose_appends_a_checkpoint_already_wrote_does_not_repeat_them()
    {
        var path = _data.Directory.PathFor("transcripts", "c", "s.jsonl");
        await _data.Directory.AppendAsync(path, "one\n"u8.ToArray());
        await _data.Directory.AppendAsync(path, "two\n"u8.ToArray());
        var log = Assert.Single(Directory.GetFiles(_data.Directory.PathFor("journal"), "*.log"));
        var content = File.ReadAllBytes(log);
        _data.Directory.Checkpoint();

        // A crash after the checkpoint's syncfs and before it deleted the log: the files are written and the log is still there.
        CopyDirectory(_data.Root, _crashed.Path, skip: ".lock");
        File.WriteAllBytes(Path.Combine(_crashed.Path, "journal", Path.GetFileName(log)), content);
        using var recovered = TestDataDirectory.Open(_crashed.Path);

        Assert.Equal("one\ntwo\n", File.ReadAllText(Moved(path)));
        await recovered.AppendAsync(Moved(path), "three\n"u8.ToArray());
        Assert.Equal("one\ntwo\nthree\n", Encoding.UTF8.GetString((await recovered.ReadAsync(Moved(path)))!));
    }

    [Fact]
    public async Task A_checkpoint_cut_in_the_middle_of_rewriting_a_file_in_place_is_redone_by_the_replay()
    {
        var path = _data.Directory.PathFor("grains", "g.json");
        await _data.Directory.WriteAsync(path, Encoding.UTF8.GetBytes(new string('a', 4096)));
        _data.Directory.Checkpoint();
        await _data.Directory.WriteAsync(path, "short"u8.ToArray());
        var log = Assert.Single(Directory.GetFiles(_data.Directory.PathFor("journal"), "*.log"));
        var content = File.ReadAllBytes(log);

        // A SIGKILL while the checkpoint rewrote the file in place: its first bytes new, the old length and tail still there.
        CopyDirectory(_data.Root, _crashed.Path, skip: ".lock");
        File.WriteAllBytes(Path.Combine(_crashed.Path, "journal", Path.GetFileName(log)), content);
        using (var torn = File.OpenHandle(Moved(path), FileMode.Open, FileAccess.Write))
        {
            RandomAccess.Write(torn, "sho"u8.ToArray(), 0);
        }

        using var recovered = TestDataDirectory.Open(_crashed.Path);

        Assert.Equal("short", File.ReadAllText(Moved(path)));
        Assert.Equal("short", Encoding.UTF8.GetString((await recovered.ReadAsync(Moved(path)))!));
        Assert.Empty(Directory.GetFiles(Path.Combine(_crashed.Path, "grains"), "*.tmp"));
    }

    [Fact]
    public async Task A_torn_last_append_is_dropped_and_the_appends_before_it_survive()
    {
        var path = _data.Directory.PathFor("transcripts", "c", "s.jsonl");
        await _data.Directory.AppendAsync(path, "acknowledged\n"u8.ToArray());
        await _data.Directory.AppendAsync(path, "the append the crash cut\n"u8.ToArray());

        using var recovered = OpenCrashCopy(log => log[..^4]);

        Assert.Equal("acknowledged\n", File.ReadAllText(Moved(path)));
        await recovered.AppendAsync(Moved(path), "next\n"u8.ToArray());
        Assert.Equal("acknowledged\nnext\n", Encoding.UTF8.GetString((await recovered.ReadAsync(Moved(path)))!));
        AssertTornTailReported();
    }

    [Fact]
    public async Task A_read_sees_the_file_on_disk_followed_by_pending_appends_of_every_generation()
    {
        using var small = TestDataDirectory.Open(_crashed.Path + "-small", checkpointBytes: 256);
        try
        {
            var path = small.PathFor("transcripts", "c", "s.jsonl");
            var missing = small.PathFor("transcripts", "c", "new.jsonl");
            await small.WriteAsync(path, "on disk\n"u8.ToArray());
            small.Checkpoint();
            var expected = new StringBuilder("on disk\n");
            for (var i = 0; i < 40; i++)
            {
                var line = $"line {i}\n";
                await small.AppendAsync(path, Encoding.UTF8.GetBytes(line));
                expected.Append(line);
                Assert.Equal(expected.ToString(), Encoding.UTF8.GetString((await small.ReadAsync(path))!));
            }

            Assert.False(small.Exists(missing));
            await small.AppendAsync(missing, "created\n"u8.ToArray());

            Assert.True(small.Exists(missing));
            Assert.Equal("created\n", Encoding.UTF8.GetString(small.Read(missing)!));
            Assert.Equal(["new.jsonl", "s.jsonl"], small.ListFiles(small.PathFor("transcripts")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            small.Checkpoint();
            Assert.Equal(expected.ToString(), File.ReadAllText(path));
        }
        finally
        {
            small.Dispose();
            Directory.Delete(_crashed.Path + "-small", recursive: true);
        }
    }

    [Fact]
    public async Task A_write_or_a_delete_after_appends_supersedes_them_live_after_a_replay_and_after_a_checkpoint()
    {
        var replaced = _data.Directory.PathFor("transcripts", "c", "replaced.jsonl");
        var deleted = _data.Directory.PathFor("transcripts", "c", "deleted.jsonl");
        await _data.Directory.AppendAsync(replaced, "a\n"u8.ToArray());
        await _data.Directory.WriteAsync(replaced, "whole\n"u8.ToArray());
        await _data.Directory.AppendAsync(replaced, "after\n"u8.ToArray());
        await _data.Directory.AppendAsync(deleted, "b\n"u8.ToArray());
        await _data.Directory.DeleteAsync(deleted);

        Assert.Equal("whole\nafter\n", Encoding.UTF8.GetString((await _data.Directory.ReadAsync(replaced))!));
        Assert.Null(await _data.Directory.ReadAsync(deleted));
        Assert.False(_data.Directory.Exists(deleted));

        using (var recovered = OpenCrashCopy(log => log))
        {
            Assert.Equal("whole\nafter\n", File.ReadAllText(Moved(replaced)));
            Assert.False(File.Exists(Moved(deleted)));
        }

        await _data.Directory.AppendAsync(deleted, "again\n"u8.ToArray());
        _data.Directory.Checkpoint();
        Assert.Equal("whole\nafter\n", File.ReadAllText(replaced));
        Assert.Equal("again\n", File.ReadAllText(deleted));
    }

    public void Dispose()
    {
        _data.Dispose();
        _crashed.Dispose();
    }

    private FileDataDirectory OpenCrashCopy(Func<byte[], byte[]> damage)
    {
        var log = Assert.Single(Directory.GetFiles(_data.Directory.PathFor("journal"), "*.log"));
        var copy = Path.Combine(_crashed.Path, "journal", Path.GetFileName(log));
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.WriteAllBytes(copy, damage(File.ReadAllBytes(log)));
        return TestDataDirectory.Open(_crashed.Path, new LoggerFactory([_logs]).CreateLogger<FileDataDirectory>());
    }

    private string Moved(string path) => Path.Combine(_crashed.Path, Path.GetRelativePath(_data.Root, path));

    private void AssertTornTailReported()
    {
        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("incomplete or damaged record", warning.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_crashed.Path, "corrupt"), "*.torn"));
    }

    private static string[] Lines(byte[]? content) => Encoding.UTF8.GetString(content!).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static void CopyDirectory(string from, string to, string skip)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != skip))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
