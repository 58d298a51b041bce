using System.ComponentModel.DataAnnotations;

namespace MyBot.Server.Hosting;

/// <summary>Bound from <c>MyBot:Storage</c>: which backend holds state, streams, reminders and leases.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "MyBot:Storage";

    public const string File = "File";

    public const string AzureStorage = "AzureStorage";

    /// <summary><c>File</c> (embedded store under <c>MyBot:DataDir</c>, one process) or <c>AzureStorage</c> (blobs, queues, leases; several replicas).</summary>
    [Required]
    [AllowedValues(File, AzureStorage)]
    public string Provider { get; set; } = File;
}
