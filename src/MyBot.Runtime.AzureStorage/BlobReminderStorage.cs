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
/// <remarks>
/// The blob's <c>claim</c> metadata names the replica that loaded it last (a fresh id per acquisition). The ETag alone
/// cannot fence a replica that lost the partition without noticing: on a conflict it would re-read and write again,
/// after the new owner had armed what it loaded. So a writer that claimed the partition re-checks the claim on every
/// conflict, and stops with <see cref="PartitionLostException"/> once it is someone else's.
/// </remarks>
public sealed class BlobReminderStorage(AzureStorageAccount account) : IReminderStorage
{
    private const int MaxConflictRetries = 10;
    private const string ClaimMetadata = "claim";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<int, PartitionState> _partitions = new();

    public Task<IReadOnlyList<ReminderEntry>> ReadPartitionAsync(int partition, CancellationToken cancellationToken) =>
        UnderGateAsync(partition, async state =>
        {
            await RefreshAsync(partition, state, cancellationToken);
            return state.Entries;
        }, cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ClaimPartitionAsync(int partition, CancellationToken cancellationToken) =>
        UnderGateAsync(partition, async state =>
        {
            await RefreshAsync(partition, state, cancellationToken);
            var claim = Guid.NewGuid().ToString("N");
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    // Written even when nothing changes: the new ETag is what turns the previous owner's next write into a conflict.
                    await WriteAsync(partition, state, state.Entries, claim, cancellationToken);
                    state.OwnClaim = claim;
                    return state.Entries;
                }
                catch (AzureStorageException e) when (IsConflict(e) && attempt < MaxConflictRetries)
                {
                    // The previous owner wrote between the read and the claim: take its version, reminder included.
                    await RefreshAsync(partition, state, cancellationToken);
                }
            }
        }, cancellationToken);

    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken) =>
        ModifyAsync(entry.Partition, entries => [.. entries.Where(e => !Same(e, entry.GrainId, entry.Name)).Append(entry)], cancellationToken);

    public Task DeleteAsync(int partition, GrainId grainId, string name, CancellationToken cancellationToken) =>
        ModifyAsync(partition, entries =>
        {
            var kept = entries.Where(e => !Same(e, grainId, name)).ToList();
            return kept.Count == entries.Count ? null : kept;
        }, cancellationToken);

    /// <param name="change">Returns the new list, or null when nothing changes (a delete of a reminder that is not there). The cached
    /// list may be stale, so "not there" is believed only after a fresh read.</param>
    private Task ModifyAsync(int partition, Func<IReadOnlyList<ReminderEntry>, List<ReminderEntry>?> change, CancellationToken cancellationToken) =>
        UnderGateAsync(partition, async state =>
        {
            var fresh = false;
            if (!state.Loaded)
            {
                await RefreshAsync(partition, state, cancellationToken);
                fresh = true;
            }

            for (var attempt = 1; ; attempt++)
            {
                if (state.OwnClaim is not null && !string.Equals(state.OwnClaim, state.Claim, StringComparison.Ordinal))
                {
                    throw new PartitionLostException(partition);
                }

                var changed = change(state.Entries);
                if (changed is null)
                {
                    if (fresh)
                    {
                        return true;
                    }

                    // Another replica may have added it since this one last read the blob.
                    await RefreshAsync(partition, state, cancellationToken);
                    fresh = true;
                    continue;
                }

                try
                {
                    await WriteAsync(partition, state, changed, state.Claim, cancellationToken);
                    return true;
                }
                catch (AzureStorageException e) when (IsConflict(e) && attempt < MaxConflictRetries)
                {
                    // Another replica wrote since: read its version (and its claim) and apply the change again.
                    await RefreshAsync(partition, state, cancellationToken);
                    fresh = true;
                }
            }
        }, cancellationToken);

    private async Task<T> UnderGateAsync<T>(int partition, Func<PartitionState, Task<T>> action, CancellationToken cancellationToken)
    {
        await account.EnsureContainerAsync(cancellationToken);
        var state = _partitions.GetOrAdd(partition, _ => new PartitionState());
        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            return await action(state);
        }
        finally
        {
            state.Gate.Release();
        }
    }

    private async Task WriteAsync(int partition, PartitionState state, IReadOnlyList<ReminderEntry> entries, string? claim, CancellationToken cancellationToken)
    {
        var conditions = state.ETag is null ? BlobConditions.CreateOnly : BlobConditions.Matching(state.ETag);
        var metadata = claim is null ? null : new Dictionary<string, string> { [ClaimMetadata] = claim };
        state.ETag = await account.Container.PutAsync(account.Names.Reminders(partition), JsonSerializer.SerializeToUtf8Bytes(entries, Json), conditions, cancellationToken, metadata);
        state.Entries = entries;
        state.Claim = claim;
    }

    private async Task RefreshAsync(int partition, PartitionState state, CancellationToken cancellationToken)
    {
        var download = await account.Container.GetAsync(account.Names.Reminders(partition), cancellationToken);
        state.Entries = download is null ? [] : JsonSerializer.Deserialize<List<ReminderEntry>>(download.Content, Json) ?? [];
        state.ETag = download?.ETag;
        state.Claim = download?.Metadata.GetValueOrDefault(ClaimMetadata);
        state.Loaded = true;
    }

    private static bool IsConflict(AzureStorageException e) => e.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict;

    private static bool Same(ReminderEntry entry, GrainId grainId, string name) =>
        entry.GrainId == grainId && string.Equals(entry.Name, name, StringComparison.Ordinal);

    private sealed class PartitionState
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public IReadOnlyList<ReminderEntry> Entries { get; set; } = [];

        public string? ETag { get; set; }

        /// <summary>The claim on the blob as last seen.</summary>
        public string? Claim { get; set; }

        /// <summary>The claim this replica made when it acquired the partition; null if it never did.</summary>
        public string? OwnClaim { get; set; }

        public bool Loaded { get; set; }
    }
}
