namespace MyBot.Runtime.Storage;

/// <summary>
/// This replica wrote to a partition another replica has claimed since: the lease changed hands without this replica
/// noticing yet. The write did not happen; the new owner carries on from what it loaded.
/// </summary>
public sealed class PartitionLostException(int partition)
    : Exception($"Partition {partition} was claimed by another replica; this replica no longer owns it and did not write.")
{
    public int Partition { get; } = partition;
}
