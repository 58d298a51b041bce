namespace MyBot.Orleans.FileStorage.Streams;

/// <summary>Per stream provider name, bound from <c>MyBot:Streams</c>.</summary>
public sealed class FileQueueStreamOptions
{
    public const string SectionName = "MyBot:Streams";

    /// <summary>How many times a message is handed to the pulling agent before it becomes a dead letter.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// How long a received message stays hidden before it is handed out again with its attempt count raised; longer
    /// than the pulling agent's <c>MaxEventDeliveryTime</c>, so a message is not read again while it is still being retried.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many queues (directories, pulling agents) the streams are spread over; each keeps its streams in order.</summary>
    public int Queues { get; set; } = 8;
}
