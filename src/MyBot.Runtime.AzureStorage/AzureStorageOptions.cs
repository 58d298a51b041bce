using System.ComponentModel.DataAnnotations;

namespace MyBot.Runtime.AzureStorage;

/// <summary>Bound from <c>MyBot:Storage:Azure</c>; used when <c>MyBot:Storage:Provider</c> is <c>AzureStorage</c>.</summary>
public sealed class AzureStorageOptions : IValidatableObject
{
    public const string SectionName = "MyBot:Storage:Azure";

    /// <summary>Account key or Azurite connection string. Leave empty in Azure and set the endpoints (managed identity).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>e.g. https://account.blob.core.windows.net; used with DefaultAzureCredential when there is no connection string.</summary>
    public Uri? BlobEndpoint { get; set; }

    public Uri? QueueEndpoint { get; set; }

    /// <summary>Names this deployment's queues and blob prefix, so several deployments can share an account.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,49}$", ErrorMessage = "MyBot:Storage:Azure:ServiceId must be 3-50 lowercase letters, digits and single hyphens (it names queues).")]
    public string ServiceId { get; set; } = "mybot";

    [Required]
    [RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$", ErrorMessage = "MyBot:Storage:Azure:ContainerName must be a valid blob container name.")]
    public string ContainerName { get; set; } = "mybot";

    /// <summary>Partition and singleton lease length; Azure accepts 15 to 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:15", "00:01:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often leases are renewed, the heartbeat is written and ownership is rebalanced.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A replica whose heartbeat is older than this counts as gone: its partitions are taken over without waiting for the lease to lapse.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ReplicaExpiry { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a replica keeps the lease of a partition it hands to a newcomer after telling its runtime to stop it, so
    /// turns running there end before the next owner starts. Zero releases at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan PartitionDrainTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Per attempt; a call that takes longer is retried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString) && (BlobEndpoint is null || QueueEndpoint is null))
        {
            yield return new ValidationResult(
                "Azure storage needs MyBot:Storage:Azure:ConnectionString, or MyBot:Storage:Azure:BlobEndpoint and MyBot:Storage:Azure:QueueEndpoint (with a managed identity).",
                [nameof(ConnectionString), nameof(BlobEndpoint), nameof(QueueEndpoint)]);
        }

        if (PartitionDrainTime * 2 >= LeaseDuration)
        {
            yield return new ValidationResult("MyBot:Storage:Azure:PartitionDrainTime must be under half of LeaseDuration.", [nameof(PartitionDrainTime)]);
        }

        if (ReplicaExpiry < RenewInterval * 3)
        {
            yield return new ValidationResult("MyBot:Storage:Azure:ReplicaExpiry must be at least three RenewIntervals, so a slow round does not look like a dead replica.", [nameof(ReplicaExpiry)]);
        }

        if (RenewInterval * 2 >= LeaseDuration)
        {
            yield return new ValidationResult("MyBot:Storage:Azure:RenewInterval must be under half of LeaseDuration.", [nameof(RenewInterval)]);
        }
    }
}
