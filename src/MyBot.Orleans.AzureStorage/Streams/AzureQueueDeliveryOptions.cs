using System.ComponentModel.DataAnnotations;

namespace MyBot.Orleans.AzureStorage.Streams;

/// <summary>Bound from <c>MyBot:Streams</c>, the section the file stream provider reads too, so both modes give up alike and one key counts the queues.</summary>
public sealed class AzureQueueDeliveryOptions
{
    public const string SectionName = "MyBot:Streams";

    /// <summary>How many times a queue message is received before it becomes a dead letter and is deleted.</summary>
    [Range(1, 100, ErrorMessage = "MyBot:Streams:MaxAttempts must be 1 to 100.")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// How long a received message stays hidden after the last renewal by the silo that holds it: the silo renews it
    /// every quarter of this while it delivers it (however long that takes), so this is how long a message held by a
    /// killed silo waits before another silo reads it. Azure allows 1 second to 7 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "MyBot:Streams:VisibilityTimeout must be 1 second to 7 days.")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many Azure queues carry each stream provider (the file provider reads the same key, with its own default).
    /// Every queue is polled by one silo whether or not anything arrives, so each one is a standing cost; streams of one
    /// queue are still delivered concurrently.
    /// </summary>
    [Range(1, 64, ErrorMessage = "MyBot:Streams:Queues must be 1 to 64 with Azure queues.")]
    public int Queues { get; set; } = 1;
}
