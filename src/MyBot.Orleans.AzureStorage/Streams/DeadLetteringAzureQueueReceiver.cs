using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using MyBot.Grains;
using Orleans.AzureUtils;
using Orleans.Runtime;
using Orleans.Streams;

namespace MyBot.Orleans.AzureStorage.Streams;

/// <summary>
/// Orleans' <c>AzureQueueAdapterReceiver</c> (internal) plus what it lacks: a message received more than
/// <see cref="AzureQueueDeliveryOptions.MaxAttempts"/> times (the queue's DequeueCount), a message that cannot be read,
/// and a delivery the pulling agent gave up on in the last attempt are written to the dead letters and deleted, so none
/// returns for ever.
/// </summary>
internal sealed partial class DeadLetteringAzureQueueReceiver(
    string providerName,
    AzureQueueDataManager queue,
    IQueueDataAdapter<string, IBatchContainer> dataAdapter,
    AzureQueueDeliveryOptions delivery,
    IDeadLetterStore deadLetters,
    JsonSerializerOptions payloadJson,
    TimeProvider timeProvider,
    ILogger<DeadLetteringAzureQueueReceiver> logger) : IQueueAdapterReceiver
{
    /// <summary>Azure's limit for one receive.</summary>
    private const int MaxMessagesPerReceive = 32;

    private readonly ConcurrentDictionary<long, PendingMessage> _pending = new();
    private long _lastReadMessage;
    private volatile bool _shutDown;

    public Task Initialize(TimeSpan timeout) => queue.InitQueueAsync();

    public Task Shutdown(TimeSpan timeout)
    {
        _shutDown = true;
        return Task.CompletedTask;
    }

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        if (_shutDown)
        {
            return [];
        }

        var count = maxCount is < 0 or QueueAdapterConstants.UNLIMITED_GET_QUEUE_MSG ? MaxMessagesPerReceive : Math.Min(maxCount, MaxMessagesPerReceive);
        var batches = new List<IBatchContainer>();
        foreach (var message in await queue.GetQueueMessages(count))
        {
            IBatchContainer batch;
            try
            {
                batch = dataAdapter.FromQueueMessage(message.MessageText, _lastReadMessage++);
            }
            catch (Exception e)
            {
                await GiveUpAsync(message, null, $"The queue message could not be read: {e.GetType().Name}: {e.Message}", (int)message.DequeueCount);
                continue;
            }

            if (message.DequeueCount > delivery.MaxAttempts)
            {
                await GiveUpAsync(
                    message,
                    batch,
                    $"Received {message.DequeueCount} times and never settled (delivered and deleted, or given up on); {AzureQueueDeliveryOptions.SectionName}:MaxAttempts is {delivery.MaxAttempts}.",
                    (int)message.DequeueCount - 1);
                continue;
            }

            _pending[batch.SequenceToken.SequenceNumber] = new PendingMessage(message, batch);
            batches.Add(batch);
        }

        return batches;
    }

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        if (messages.Count == 0 || _shutDown)
        {
            return;
        }

        // As Orleans' receiver: everything up to the newest delivered message is settled; what was not delivered and not
        // dead-lettered shows up again after the visibility timeout.
        var delivered = messages.Select(m => m.SequenceToken.SequenceNumber).ToHashSet();
        var newest = delivered.Max();
        var toDelete = new List<QueueMessage>();
        foreach (var sequenceNumber in _pending.Keys.Where(s => s <= newest))
        {
            if (_pending.TryRemove(sequenceNumber, out var pending) && delivered.Contains(sequenceNumber))
            {
                toDelete.Add(pending.Message);
            }
        }

        try
        {
            await Task.WhenAll(toDelete.Select(queue.DeleteQueueMessage));
        }
        catch (Exception e)
        {
            LogDeleteFailed(e, queue.QueueName);
        }
    }

    /// <summary>
    /// Called by our failure handler when the pulling agent gave up delivering the batch with this token: that was one
    /// attempt. On the last one the message becomes a dead letter at once; before it, the message stays hidden and is
    /// handed out again after the visibility timeout.
    /// </summary>
    public async Task DeliveryFailedAsync(GuidId subscriptionId, StreamId streamId, StreamSequenceToken? token)
    {
        if (token is null || !_pending.TryRemove(token.SequenceNumber, out var pending))
        {
            LogFailedDeliveryNotPending(queue.QueueName, streamId.ToString(), token?.ToString());
            return;
        }

        var attempts = (int)pending.Message.DequeueCount;
        if (attempts < delivery.MaxAttempts)
        {
            LogDeliveryFailed(queue.QueueName, pending.Message.MessageId, attempts, delivery.MaxAttempts);
            return;
        }

        await GiveUpAsync(
            pending.Message,
            pending.Batch,
            $"Delivery to subscription {subscriptionId} failed on each of {attempts} attempts, each until the pulling agent gave up (StreamPullingAgentOptions.MaxEventDeliveryTime).",
            attempts);
    }

    /// <summary>Which receive of its queue message a batch handed out and not yet settled is (the message's DequeueCount).</summary>
    public int? AttemptOf(IBatchContainer batch) =>
        _pending.TryGetValue(batch.SequenceToken.SequenceNumber, out var pending) && ReferenceEquals(pending.Batch, batch)
            ? (int)pending.Message.DequeueCount
            : null;

    private async Task GiveUpAsync(QueueMessage message, IBatchContainer? batch, string error, int attempts)
    {
        var letter = new DeadLetter(
            $"{providerName}:{queue.QueueName}:{message.MessageId}",
            providerName,
            batch?.StreamId.GetKeyAsString() ?? string.Empty,
            batch is null ? message.MessageText : Payload(batch, message),
            error,
            attempts,
            timeProvider.GetUtcNow());
        try
        {
            await deadLetters.AddAsync(letter, CancellationToken.None);
            await queue.DeleteQueueMessage(message);
            LogDeadLettered(queue.QueueName, message.MessageId, letter.Key, attempts, error);
        }
        catch (Exception e)
        {
            // Left in the queue: it becomes visible again and the next receive tries once more.
            LogDeadLetterFailed(e, queue.QueueName, message.MessageId);
        }
    }

    /// <summary>The event as JSON (an array when the message held several), or the raw message when an event does not serialize.</summary>
    private string Payload(IBatchContainer batch, QueueMessage message)
    {
        var events = batch.GetEvents<object>().Select(e => e.Item1).ToList();
        try
        {
            return events.Count == 1
                ? JsonSerializer.Serialize(events[0], events[0].GetType(), payloadJson)
                : JsonSerializer.Serialize(events, payloadJson);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            return message.MessageText;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream message {MessageId} of queue {Queue} (stream key {StreamKey}) moved to the dead letters after {Attempts} attempts: {Error}")]
    private partial void LogDeadLettered(string queue, string messageId, string streamKey, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of stream message {MessageId} of queue {Queue} failed on attempt {Attempt} of {MaxAttempts}; it is handed out again after the visibility timeout")]
    private partial void LogDeliveryFailed(string queue, string messageId, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not dead-letter stream message {MessageId} of queue {Queue}; it stays in the queue and is tried again when it is visible")]
    private partial void LogDeadLetterFailed(Exception exception, string queue, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting delivered messages from queue {Queue} failed; they are delivered again after the visibility timeout")]
    private partial void LogDeleteFailed(Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A delivery on queue {Queue} (stream {StreamId}, token {Token}) failed, but its message is no longer pending here; it is dead-lettered once it exceeds MaxAttempts")]
    private partial void LogFailedDeliveryNotPending(string queue, string streamId, string? token);

    private sealed record PendingMessage(QueueMessage Message, IBatchContainer Batch);
}
