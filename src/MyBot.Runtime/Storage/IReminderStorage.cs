namespace MyBot.Runtime.Storage;

/// <summary>The durable table behind reminders; rows are grouped by partition so a replica loads only the partitions it owns.</summary>
public interface IReminderStorage
{
    Task<IReadOnlyList<ReminderEntry>> ReadPartitionAsync(int partition, CancellationToken cancellationToken);

    /// <summary>
    /// Reads a partition's reminders for the replica that has just acquired it, and fences the previous owner: a replica
    /// may lose a lease without noticing for a renew period, and a reminder it wrote after this read would never be armed.
    /// Once this returns, such a write fails with <see cref="PartitionLostException"/> instead.
    /// </summary>
    Task<IReadOnlyList<ReminderEntry>> ClaimPartitionAsync(int partition, CancellationToken cancellationToken);

    Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken);

    Task DeleteAsync(int partition, GrainId grainId, string name, CancellationToken cancellationToken);
}
