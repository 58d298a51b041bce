using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Streams;

namespace MyBot.Orleans.FileStorage.Streams;

/// <summary>
/// Reads one file queue for its pulling agent, with the semantics of Orleans' ADO.NET stream receiver: a received
/// message is hidden for the visibility timeout and its attempt is counted durably; a delivered one is deleted; one
/// received <see cref="FileQueueStreamOptions.MaxAttempts"/> times, or unreadable, goes to the dead letters.
/// </summary>
internal sealed partial class FileQueueAdapterReceiver(
    QueueId queueId,
    FileQueue queue,
    FileQueueStreamOptions options,
    FileQueueDeadLetterWriter deadLetters,
    Serializer<FileQueueBatchContainer> serializer,
    ILogger<FileQueueAdapterReceiver> logger) : IQueueAdapterReceiver
{
    public Task Initialize(TimeSpan timeout) => Task.CompletedTask;

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        var count = maxCount < 0 ? int.MaxValue : maxCount;
        var (received, exhausted) = await queue.ReceiveAsync(count, options.MaxAttempts, options.VisibilityTimeout);
        foreach (var message in exhausted)
        {
            await deadLetters.DeadLetterAsync(
                queue,
                queueId,
                message,
                $"Received {message.Attempt} times without being delivered (the consumer kept failing, or the silo stopped while delivering it).",
                cancellationToken);
        }

        var batches = new List<IBatchContainer>(received.Count);
        foreach (var message in received)
        {
            FileQueueBatchContainer batch;
            try
            {
                batch = serializer.Deserialize(message.Payload) ?? throw new InvalidOperationException("The message holds no batch.");
            }
            catch (Exception ex)
            {
                LogUnreadableMessage(ex, queueId.ToString(), message.MessageId);
                await deadLetters.DeadLetterAsync(queue, queueId, message, "The message could not be deserialized.", cancellationToken);
                continue;
            }

            batch.ReceiveToken = new(message.Receipt);
            batch.Attempt = message.Attempt;
            batches.Add(batch);
        }

        return batches;
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        foreach (var batch in messages.Cast<FileQueueBatchContainer>())
        {
            queue.Delete(batch.SequenceToken.SequenceNumber);
        }

        return Task.CompletedTask;
    }

    /// <summary>Messages still in the agent's cache are handed out again at once by the next receiver, like ADO.NET's release.</summary>
    public Task Shutdown(TimeSpan timeout)
    {
        queue.ReleaseAll();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream queue {QueueId}: message {MessageId} could not be deserialized; it goes to the dead letters.")]
    private partial void LogUnreadableMessage(Exception exception, string queueId, long messageId);
}
