using System.ComponentModel.DataAnnotations;

namespace MyBot.Orleans.FileStorage.Data;

/// <summary>Bound from <c>MyBot</c>: where the localhost silo keeps its state.</summary>
public sealed class FileStorageOptions
{
    public const string SectionName = "MyBot";

    /// <summary>Grain state, queues, reminders and dead letters live here; a relative path is resolved against the current directory.</summary>
    [Required]
    public string DataDir { get; set; } = ".data";
}
