using System.Globalization;
using System.Text.Json;

namespace MyBot.Runtime.Storage.File;

/// <summary>One JSON file per reminder under <c>reminders/&lt;partition&gt;/</c>.</summary>
public sealed class FileReminderStorage(FileDataDirectory directory) : IReminderStorage
{
    public async Task<IReadOnlyList<ReminderEntry>> ReadPartitionAsync(int partition, CancellationToken cancellationToken)
    {
        var folder = Folder(partition);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var entries = new List<ReminderEntry>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
        {
            await using var stream = System.IO.File.OpenRead(file);
            if (await JsonSerializer.DeserializeAsync<ReminderEntry>(stream, RuntimeJson.Options, cancellationToken) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>The data directory lock lets one process at a time use the store, so it has no earlier owner to fence.</summary>
    public Task<IReadOnlyList<ReminderEntry>> ClaimPartitionAsync(int partition, CancellationToken cancellationToken) =>
        ReadPartitionAsync(partition, cancellationToken);

    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder(entry.Partition));
        directory.WriteAtomically(PathOf(entry.Partition, entry.GrainId, entry.Name), JsonSerializer.SerializeToUtf8Bytes(entry, RuntimeJson.Options));
        return Task.CompletedTask;
    }

    public Task DeleteAsync(int partition, GrainId grainId, string name, CancellationToken cancellationToken)
    {
        FileDataDirectory.DeleteIfPresent(PathOf(partition, grainId, name));
        return Task.CompletedTask;
    }

    private string Folder(int partition) => directory.PathFor("reminders", partition.ToString(CultureInfo.InvariantCulture));

    private string PathOf(int partition, GrainId grainId, string name) =>
        Path.Combine(Folder(partition), FileDataDirectory.EscapeName($"{grainId.Type}/{grainId.Key}/{name}") + ".json");
}
