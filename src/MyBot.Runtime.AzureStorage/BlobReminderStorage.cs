using System.Net;
using System.Text.Json;
using MyBot.Runtime.AzureStorage.Rest;
using MyBot.Runtime.Storage;

namespace MyBot.Runtime.AzureStorage;

/// <summary>
/// One blob per partition holding that partition's reminders, so a replica loads what it owns with one read.
/// Changes are read-modify-write under the blob's ETag and retried on a conflict.
/// </summary>
public sealed class BlobReminderStorage(AzureStorageAccount account) : IReminderStorage
{
    private const int MaxConflictRetries = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<ReminderEntry>> ReadPartitionAsync(int partition, CancellationToken cancellationToken)
    {
        await account.EnsureContainerAsync(cancellationToken);
        var (entries, _) = await ReadAsync(partition, cancellationToken);
        return entries;
    }

    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken) =>
        ModifyAsync(entry.Partition, entries =>
        {
            entries.RemoveAll(e => Same(e, entry.GrainId, entry.Name));
            entries.Add(entry);
            return true;
        }, cancellationToken);

    public Task DeleteAsync(int partition, GrainId grainId, string name, CancellationToken cancellationToken) =>
        ModifyAsync(partition, entries => entries.RemoveAll(e => Same(e, grainId, name)) > 0, cancellationToken);

    private async Task ModifyAsync(int partition, Func<List<ReminderEntry>, bool> change, CancellationToken cancellationToken)
    {
        await account.EnsureContainerAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var (entries, etag) = await ReadAsync(partition, cancellationToken);
            var list = entries.ToList();
            if (!change(list))
            {
                return;
            }

            var conditions = etag is null ? BlobConditions.CreateOnly : BlobConditions.Matching(etag);
            try
            {
                await account.Container.PutAsync(account.Names.Reminders(partition), JsonSerializer.SerializeToUtf8Bytes(list, Json), conditions, cancellationToken);
                return;
            }
            catch (AzureStorageException e) when (e.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict && attempt < MaxConflictRetries)
            {
                // Another writer got there first; read its version and apply the change again.
            }
        }
    }

    private async Task<(IReadOnlyList<ReminderEntry> Entries, string? ETag)> ReadAsync(int partition, CancellationToken cancellationToken)
    {
        var download = await account.Container.GetAsync(account.Names.Reminders(partition), cancellationToken);
        if (download is null)
        {
            return ([], null);
        }

        return (JsonSerializer.Deserialize<List<ReminderEntry>>(download.Content, Json) ?? [], download.ETag);
    }

    private static bool Same(ReminderEntry entry, GrainId grainId, string name) =>
        entry.GrainId == grainId && string.Equals(entry.Name, name, StringComparison.Ordinal);
}
