namespace MyBot.Runtime.Storage;

/// <summary>
/// Decides which stream partitions this process owns (Orleans' queue balancer). On one machine it owns them all;
/// on several replicas ownership follows blob leases.
/// </summary>
public interface IPartitionBalancer
{
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Releases every partition so another replica can take it at once.</summary>
    Task StopAsync(CancellationToken cancellationToken);

    IReadOnlyCollection<int> OwnedPartitions { get; }

    /// <summary>Raised after a partition was acquired, and when it was lost or released (the token fires then).</summary>
    event Action<int, CancellationToken>? PartitionAcquired;
}
