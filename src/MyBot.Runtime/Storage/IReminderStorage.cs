namespace MyBot.Runtime.Storage;

/// <summary>The durable table behind reminders; rows are grouped by partition so a replica loads only the partitions it owns.</summary>
public interface IReminderStorage
{
    Task<IReadOnlyList<ReminderEntry>> ReadPartitionAsync(int partition, CancellationToken cancellationToken);

    Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken);

    Task DeleteAsync(int partition, GrainId grainId, string name, CancellationToken cancellationToken);
}
