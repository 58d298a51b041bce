namespace MyBot.Runtime.Streams;

/// <summary>Publishes events to durable streams partitioned by a stable hash of the stream key.</summary>
public interface IStreamPublisher
{
    /// <summary>Returns once the event is durable; it is then handed to the namespace's handler at least once, in publish order per key.</summary>
    Task PublishAsync(string streamNamespace, string key, string payload, CancellationToken cancellationToken);
}
