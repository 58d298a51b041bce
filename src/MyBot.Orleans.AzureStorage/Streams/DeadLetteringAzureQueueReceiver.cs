using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
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
/// returns for ever. And while this receiver lives it renews the visibility timeout of every message it holds (received,
/// not yet deleted or given up on), so the timeout can be short: a message held by a silo that was killed is handed out
/// again within <see cref="AzureQueueDeliveryOptions.VisibilityTimeout"/> of its last renewal, however long a live silo
/// holds its own.
/// </summary>
internal sealed partial class DeadLetteringAzureQueueReceiver(
    string providerName,
    AzureQueueDataManager queue,
    QueueClient renewals,
    IQueueDataAdapter<string, IBatchContainer> dataAdapter,
    AzureQueueDeliveryOptions delivery,
    IDeadLetterStore deadLetters,
    JsonSerializerOptions payloadJson,
    TimeProvider timeProvider,
    ILogger<DeadLetteringAzureQueueReceiver> logger) : IQueueAdapterReceiver
{
    /// <summary>Azure's limit for one receive.</summary>
    private const int MaxMessagesPerReceive = 32;

    /// <summary>Renewals in flight at once; a receiver rarely holds more than one receive's worth.</summary>
    private const int ConcurrentRenewals = 8;

    private readonly ConcurrentDictionary<long, HeldMessage> _held = new();

    /// <summary>
    /// Held by a renewal round and by every delete of a held message: a renewal replaces the message's pop receipt, and a
    /// delete with the receipt it replaced would fail and leave the message to come back.
    /// </summary>
    private readonly SemaphoreSlim _receipts = new(1, 1);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _renewing;
    private long _lastReadMessage;
    private volatile bool _shutDown;

    /// <summary>
    /// How often held messages are renewed, and how long since its last hiding a message waits for its renewal: a quarter
    /// of the timeout, so a renewal that is late by half the timeout still comes before the message shows.
    /// </summary>
    private TimeSpan RenewalInterval => delivery.VisibilityTimeout / 4;

    public async Task Initialize(TimeSpan timeout)
    {
        await queue.InitQueueAsync();
        _renewing ??= RenewWhileRunningAsync(_stopping.Token);
    }

    /// <summary>
    /// Stops renewing: what this receiver still holds is handed out again within the visibility timeout, to whichever
    /// silo reads the queue next.
    /// </summary>
    public async Task Shutdown(TimeSpan timeout)
    {
        _shutDown = true;
        await _stopping.CancelAsync();
        if (_renewing is { } renewing)
        {
            await renewing;
        }
    }

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        if (_shutDown)
        {
            return [];
        }

        var count = maxCount is < 0 or QueueAdapterConstants.UNLIMITED_GET_QUEUE_MSG ? MaxMessagesPerReceive : Math.Min(maxCount, MaxMessagesPerReceive);
        // Taken before the request, so a renewal is never later than the message's timeout assumes.
        var hiddenAt = timeProvider.GetTimestamp();
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
                await GiveUpAsync(new HeldMessage(message, null, hiddenAt), $"The queue message could not be read: {e.GetType().Name}: {e.Message}", (int)message.DequeueCount);
                continue;
            }

            if (message.DequeueCount > delivery.MaxAttempts)
            {
                await GiveUpAsync(
                    new HeldMessage(message, batch, hiddenAt),
                    $"Received {message.DequeueCount} times and never settled (delivered and deleted, or given up on); {AzureQueueDeliveryOptions.SectionName}:MaxAttempts is {delivery.MaxAttempts}.",
                    (int)message.DequeueCount - 1);
                continue;
            }

            _held[batch.SequenceToken.SequenceNumber] = new HeldMessage(message, batch, hiddenAt);
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
        var toDelete = new List<HeldMessage>();
        foreach (var sequenceNumber in _held.Keys.Where(s => s <= newest))
        {
            if (_held.TryRemove(sequenceNumber, out var held) && delivered.Contains(sequenceNumber))
            {
                toDelete.Add(held);
            }
        }

        try
        {
            await DeleteAsync(toDelete);
        }
        catch (Exception e)
        {
            LogDeleteFailed(e, queue.QueueName);
        }
    }

    /// <summary>
    /// Called by our failure handler when the pulling agent gave up delivering the batch with this token: that was one
    /// attempt. On the last one the message becomes a dead letter at once; before it, the message is no longer renewed
    /// and is handed out again after the visibility timeout.
    /// </summary>
    public async Task DeliveryFailedAsync(GuidId subscriptionId, StreamId streamId, StreamSequenceToken? token)
    {
        if (token is null || !_held.TryRemove(token.SequenceNumber, out var held))
        {
            LogFailedDeliveryNotPending(queue.QueueName, streamId.ToString(), token?.ToString());
            return;
        }

        var attempts = (int)held.Message.DequeueCount;
        if (attempts < delivery.MaxAttempts)
        {
            LogDeliveryFailed(queue.QueueName, held.Message.MessageId, attempts, delivery.MaxAttempts);
            return;
        }

        await GiveUpAsync(
            held,
            $"Delivery to subscription {subscriptionId} failed on each of {attempts} attempts, each until the pulling agent gave up (StreamPullingAgentOptions.MaxEventDeliveryTime).",
            attempts);
    }

    /// <summary>Which receive of its queue message a batch handed out and not yet settled is (the message's DequeueCount).</summary>
    public int? AttemptOf(IBatchContainer batch) =>
        _held.TryGetValue(batch.SequenceToken.SequenceNumber, out var held) && ReferenceEquals(held.Batch, batch)
            ? (int)held.Message.DequeueCount
            : null;

    private async Task RenewWhileRunningAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(RenewalInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                await RenewDueAsync(stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shut down: what is still held shows again after its timeout.
        }
    }

    private async Task RenewDueAsync(CancellationToken stopping)
    {
        if (_held.IsEmpty)
        {
            return;
        }

        await _receipts.WaitAsync(stopping);
        try
        {
            // Read under the lock, so a message whose delete went first is not renewed after it.
            var due = _held.Where(h => timeProvider.GetElapsedTime(h.Value.HiddenAt) >= RenewalInterval).ToList();
            await Parallel.ForEachAsync(
                due,
                new ParallelOptions { MaxDegreeOfParallelism = ConcurrentRenewals, CancellationToken = stopping },
                async (entry, cancellationToken) => await RenewAsync(entry.Key, entry.Value, cancellationToken));
        }
        finally
        {
            _receipts.Release();
        }
    }

    private async Task RenewAsync(long sequenceNumber, HeldMessage held, CancellationToken cancellationToken)
    {
        var hiddenAt = timeProvider.GetTimestamp();
        try
        {
            var receipt = await renewals.UpdateMessageAsync(
                held.Message.MessageId,
                held.Message.PopReceipt,
                visibilityTimeout: delivery.VisibilityTimeout,
                cancellationToken: cancellationToken);
            held.Message = held.Message.Update(receipt.Value);
            held.HiddenAt = hiddenAt;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Deleted by someone else, or its timeout ran out and another receive took it (a new pop receipt): either
            // way it is no longer this receiver's to hide or delete.
            _held.TryRemove(new KeyValuePair<long, HeldMessage>(sequenceNumber, held));
            LogRenewalLost(queue.QueueName, held.Message.MessageId);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A timeout or an outage: the message stays held and the next round tries again, in time unless it lasts
            // most of the visibility timeout.
            LogRenewalFailed(e, queue.QueueName, held.Message.MessageId);
        }
    }

    private async Task DeleteAsync(IReadOnlyCollection<HeldMessage> messages)
    {
        if (messages.Count == 0)
        {
            return;
        }

        await _receipts.WaitAsync();
        try
        {
            await Task.WhenAll(messages.Select(m => queue.DeleteQueueMessage(m.Message)));
        }
        finally
        {
            _receipts.Release();
        }
    }

    private async Task GiveUpAsync(HeldMessage held, string error, int attempts)
    {
        var message = held.Message;
        var letter = new DeadLetter(
            $"{providerName}:{queue.QueueName}:{message.MessageId}",
            providerName,
            held.Batch?.StreamId.GetKeyAsString() ?? string.Empty,
            held.Batch is null ? message.MessageText : Payload(held.Batch, message),
            error,
            attempts,
            timeProvider.GetUtcNow());
        try
        {
            await deadLetters.AddAsync(letter, CancellationToken.None);
            await DeleteAsync([held]);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream message {MessageId} of queue {Queue} could not be kept hidden: its visibility timeout ran out before the renewal and it was received again, or it was deleted; it may be delivered twice")]
    private partial void LogRenewalLost(string queue, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the visibility of stream message {MessageId} of queue {Queue} failed; the next renewal tries again")]
    private partial void LogRenewalFailed(Exception exception, string queue, string messageId);

    /// <summary>A message this receiver keeps hidden: its latest pop receipt, and when the request that last hid it was sent.</summary>
    private sealed class HeldMessage(QueueMessage message, IBatchContainer? batch, long hiddenAt)
    {
        public QueueMessage Message { get; set; } = message;

        /// <summary>Null only for a message that could not be read, which is never held.</summary>
        public IBatchContainer? Batch { get; } = batch;

        public long HiddenAt { get; set; } = hiddenAt;
    }
}
