using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using MyBot.Runtime.AzureStorage.Rest;
using MyBot.Runtime.Storage;

namespace MyBot.Runtime.AzureStorage;

/// <summary>
/// One blob per partition holding that partition's reminders, so a replica loads what it owns with one read.
/// Changes are read-modify-write under the blob's ETag. Writers in this process are serialized per partition and keep
/// the last version they saw, so a change costs one conditional write; a conflict (another replica wrote) re-reads.
/// </summary>
public sealed class BlobReminderStorage(AzureStorageAccount account) : IReminderStorage
{
    private const int MaxConflictRetries = 10;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<int, PartitionState> _partitions = new();

    public async Task<IReadOnlyList<ReminderEntry>> ReadPartitionAsync(int partition, CancellationToken cancellationToken)
    {
        await account.EnsureContainerAsync(cancellationToken);
        var state = _partitions.GetOrAdd(partition, _ => new PartitionState());
        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            await RefreshAsync(partition, state, cancellationToken);
            return state.Entries;
        }
        finally
        {
            state.Gate.Release();
        }
    }

    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken) =>
        ModifyAsync(entry.Partition, entries => [.. entries.Where(e => !Same(e, entry.GrainId, entry.Name)).Append(entry)], cancellationToken);

    public Task DeleteAsync(int partition, GrainId grainId, string name, CancellationToken cancellationToken) =>
        ModifyAsync(partition, entries =>
        {
            var kept = entries.Where(e => !Same(e, grainId, name)).ToList();
            return kept.Count == entries.Count ? null : kept;
        }, cancellationToken);

    /// <param name="change">Returns the new list, or null when nothing changes (only for a delete: the cached list may be stale, and a
    /// delete left undone only makes a reminder fire once more, while a skipped upsert would lose it).</param>
    private async Task ModifyAsync(int partition, Func<IReadOnlyList<ReminderEntry>, List<ReminderEntry>?> change, CancellationToken cancellationToken)
    {
        await account.EnsureContainerAsync(cancellationToken);
        var state = _partitions.GetOrAdd(partition, _ => new PartitionState());
        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!state.Loaded)
            {
                await RefreshAsync(partition, state, cancellationToken);
            }

            for (var attempt = 1; ; attempt++)
            {
                var changed = change(state.Entries);
                if (changed is null)
                {
                    return;
                }

                var conditions = state.ETag is null ? BlobConditions.CreateOnly : BlobConditions.Matching(state.ETag);
                try
                {
                    state.ETag = await account.Container.PutAsync(account.Names.Reminders(partition), JsonSerializer.SerializeToUtf8Bytes(changed, Json), conditions, cancellationToken);
                    state.Entries = changed;
                    return;
                }
                catch (AzureStorageException e) when (e.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict && attempt < MaxConflictRetries)
                {
                    // Another replica wrote since: read its version and apply the change again.
                    await RefreshAsync(partition, state, cancellationToken);
                }
            }
        }
        finally
        {
            state.Gate.Release();
        }
    }

    private async Task RefreshAsync(int partition, PartitionState state, CancellationToken cancellationToken)
    {
        var download = await account.Container.GetAsync(account.Names.Reminders(partition), cancellationToken);
        state.Entries = download is null ? [] : JsonSerializer.Deserialize<List<ReminderEntry>>(download.Content, Json) ?? [];
        state.ETag = download?.ETag;
        state.Loaded = true;
    }

    private static bool Same(ReminderEntry entry, GrainId grainId, string name) =>
        entry.GrainId == grainId && string.Equals(entry.Name, name, StringComparison.Ordinal);

    private sealed class PartitionState
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public IReadOnlyList<ReminderEntry> Entries { get; set; } = [];

        public string? ETag { get; set; }

        public bool Loaded { get; set; }
    }
}
