using System.Text.Json;
using Microsoft.Extensions.Logging;
using MyBot.Orleans.FileStorage.Data;
using Orleans;
using Orleans.Runtime;

namespace MyBot.Orleans.FileStorage.Reminders;

/// <summary>
/// A durable <see cref="IReminderTable"/>: one JSON file per reminder under <c>reminders/&lt;grain&gt;/</c>, written
/// through the data directory's journal (group commit), and all rows in memory. The data directory lock makes this process the table's only user,
/// so the memory copy is the truth once loaded. A row file that cannot be read is moved to <c>corrupt/</c>.
/// </summary>
public sealed partial class FileReminderTable(FileDataDirectory directory, TimeProvider timeProvider, ILogger<FileReminderTable> logger) : IReminderTable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly Lock _gate = new();
    private Dictionary<GrainId, Dictionary<string, ReminderEntry>>? _rows;

    private string Folder => directory.PathFor("reminders");

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        // Loading now reports corrupt row files as the silo starts, not at the first reminder call.
        lock (_gate)
        {
            _ = Rows;
        }

        return Task.CompletedTask;
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        lock (_gate)
        {
            return Task.FromResult(Rows.TryGetValue(grainId, out var rows) ? new ReminderTableData(rows.Values.Select(Copy)) : new ReminderTableData());
        }
    }

    /// <summary>The rows whose grain hash is in the ring range (begin, end], wrapping around; begin == end is the whole ring.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var range = RangeFactory.CreateRange(begin, end);
        lock (_gate)
        {
            return Task.FromResult(new ReminderTableData(Rows.Where(r => range.InRange(r.Key)).SelectMany(r => r.Value.Values).Select(Copy)));
        }
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        lock (_gate)
        {
            return Task.FromResult(Rows.TryGetValue(grainId, out var rows) && rows.TryGetValue(reminderName, out var entry) ? Copy(entry) : null);
        }
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        var etag = Guid.NewGuid().ToString("N");
        var row = new FileReminderRow(entry.GrainId.ToString(), entry.ReminderName, entry.StartAt, entry.Period, etag);
        Task durable;

        // Appended under the gate so the journal's order of changes to a row is the order of the memory copy.
        lock (_gate)
        {
            durable = directory.WriteAsync(PathOf(entry.GrainId, entry.ReminderName), JsonSerializer.SerializeToUtf8Bytes(row, Json));
            var stored = Copy(entry);
            stored.ETag = etag;
            Rows.TryGetValue(entry.GrainId, out var rows);
            if (rows is null)
            {
                rows = [];
                Rows[entry.GrainId] = rows;
            }

            rows[entry.ReminderName] = stored;
        }

        await durable;
        return etag;
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        lock (_gate)
        {
            if (!Rows.TryGetValue(grainId, out var rows) || !rows.TryGetValue(reminderName, out var entry) || entry.ETag != eTag)
            {
                return Task.FromResult(false);
            }

            // Not waited for, as the file delete before the journal was not fsynced: a removal lost in a crash brings the
            // reminder back once, and its grain, finding nothing to do, unregisters it again.
            directory.DeleteLazily(PathOf(grainId, reminderName));
            rows.Remove(reminderName);
            if (rows.Count == 0)
            {
                Rows.Remove(grainId);
            }

            return Task.FromResult(true);
        }
    }

    public Task TestOnlyClearTable()
    {
        lock (_gate)
        {
            var cleared = directory.CommitAsync([.. directory.ListFiles(Folder).Select(path => new FileChange(path, null))]);
            _rows = [];
            return cleared;
        }
    }

    /// <summary>Loaded on first use; the caller holds the gate.</summary>
    private Dictionary<GrainId, Dictionary<string, ReminderEntry>> Rows => _rows ??= Load();

    private Dictionary<GrainId, Dictionary<string, ReminderEntry>> Load()
    {
        var rows = new Dictionary<GrainId, Dictionary<string, ReminderEntry>>();
        foreach (var file in directory.ListFiles(Folder))
        {
            if (file.EndsWith(".tmp", StringComparison.Ordinal))
            {
                // A checkpoint that a crash interrupted before its rename: its journal was replayed on start instead.
                File.Delete(file);
                continue;
            }

            try
            {
                var content = directory.Read(file) ?? throw new JsonException("The file is gone.");
                var row = JsonSerializer.Deserialize<FileReminderRow>(content, Json) ?? throw new JsonException("The file holds null.");
                var entry = new ReminderEntry
                {
                    GrainId = GrainId.Parse(row.GrainId),
                    ReminderName = row.ReminderName,
                    StartAt = row.StartAt,
                    Period = row.Period,
                    ETag = row.ETag,
                };
                if (!rows.TryGetValue(entry.GrainId, out var grainRows))
                {
                    grainRows = [];
                    rows[entry.GrainId] = grainRows;
                }

                grainRows[entry.ReminderName] = entry;
            }
            catch (Exception ex) when (ex is not (IOException or UnauthorizedAccessException))
            {
                LogCorruptRowMovedAside(ex, file, directory.MoveAside(file, timeProvider));
            }
        }

        return rows;
    }

    private string PathOf(GrainId grainId, string reminderName) =>
        Path.Combine(Folder, FileDataDirectory.EscapeName(grainId.ToString()), FileDataDirectory.EscapeName(reminderName) + ".json");

    private static ReminderEntry Copy(ReminderEntry entry) => new()
    {
        GrainId = entry.GrainId,
        ReminderName = entry.ReminderName,
        StartAt = entry.StartAt,
        Period = entry.Period,
        ETag = entry.ETag,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reminder file '{Path}' could not be read and was moved to '{MovedTo}'; that reminder is gone until its grain registers it again.")]
    private partial void LogCorruptRowMovedAside(Exception exception, string path, string movedTo);
}
