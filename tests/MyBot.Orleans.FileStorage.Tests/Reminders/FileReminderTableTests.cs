using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MyBot.Orleans.FileStorage.Data;
using MyBot.Orleans.FileStorage.Reminders;
using MyBot.TestKit.Contracts.Orleans;

namespace MyBot.Orleans.FileStorage.Tests.Reminders;

public sealed class FileReminderTableTests : ReminderTableContract, IDisposable
{
    private readonly TestDataDirectory _data = new();
    private readonly CapturingLoggerProvider _logs = new();

    protected override async Task<IReminderTable> CreateTableAsync()
    {
        var table = NewTable();
        await table.StartAsync();
        return table;
    }

    [Fact]
    public async Task A_corrupt_row_file_is_moved_aside_with_a_warning_and_the_other_rows_load()
    {
        var table = NewTable();
        var good = NewGrain();
        var bad = NewGrain();
        await table.UpsertRow(Entry(good, "wake"));
        await table.UpsertRow(Entry(bad, "wake"));
        _data.Directory.Checkpoint();
        var badFile = Directory.GetFiles(Path.Combine(_data.Root, "reminders"), "*", SearchOption.AllDirectories)
            .Single(f => f.Contains(FileDataDirectory.EscapeName(bad.ToString()), StringComparison.Ordinal));
        await File.WriteAllTextAsync(badFile, "{ not json");

        var reloaded = NewTable();
        Assert.NotNull(await reloaded.ReadRow(good, "wake"));
        Assert.Null(await reloaded.ReadRow(bad, "wake"));
        Assert.False(File.Exists(badFile));
        Assert.Single(Directory.GetFiles(Path.Combine(_data.Root, "corrupt")));
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(badFile, StringComparison.Ordinal));
    }

    public void Dispose() => _data.Dispose();

    private FileReminderTable NewTable() =>
        new(_data.Directory, new FakeTimeProvider(), new LoggerFactory([_logs]).CreateLogger<FileReminderTable>());
}
