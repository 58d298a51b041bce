namespace MyBot.Runtime.Storage;

/// <summary>
/// Durable partitioned queues with Azure Storage Queue semantics: a received message is hidden for a visibility
/// timeout, comes back if it is not deleted by then, and is deleted only with the pop receipt of its last receipt.
/// </summary>
public interface IQueueStorage
{
    /// <summary>Returns once the message is durable.</summary>
    Task EnqueueAsync(int partition, string body, CancellationToken cancellationToken);

    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int partition, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <summary>Hides the message for another <paramref name="visibilityTimeout"/>; returns the message with its new pop receipt.</summary>
    Task<QueueMessage> ExtendVisibilityAsync(int partition, QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="PopReceiptMismatchException"/> when the message was received again by someone else meanwhile.</summary>
    Task DeleteAsync(int partition, QueueMessage message, CancellationToken cancellationToken);
}
