using System.Collections.Concurrent;

namespace MyBot.Runtime.Storage.Memory;

public sealed class MemoryReminderStorage : IReminderStorage
{
    private readonly ConcurrentDictionary<(int Partition, GrainId GrainId, string Name), ReminderEntry> _entries = new();

    public Task<IReadOnlyList<ReminderEntry>> ReadPartitionAsync(int partition, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReminderEntry>>([.. _entries.Values.Where(e => e.Partition == partition)]);

    /// <summary>Only one process sees this store, so it has no earlier owner to fence.</summary>
    public Task<IReadOnlyList<ReminderEntry>> ClaimPartitionAsync(int partition, CancellationToken cancellationToken) =>
        ReadPartitionAsync(partition, cancellationToken);

    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        _entries[(entry.Partition, entry.GrainId, entry.Name)] = entry;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(int partition, GrainId grainId, string name, CancellationToken cancellationToken)
    {
        _entries.TryRemove((partition, grainId, name), out _);
        return Task.CompletedTask;
    }
}
