using System.ComponentModel.DataAnnotations;

namespace MyBot.Runtime.Storage.File;

/// <summary>Bound from <c>MyBot</c>: the embedded store of the localhost silo.</summary>
public sealed class FileStorageOptions
{
    public const string SectionName = "MyBot";

    /// <summary>Where state, queues, reminders and dead letters live; relative paths are resolved against the current directory.</summary>
    [Required]
    public string DataDir { get; set; } = ".data";
}
