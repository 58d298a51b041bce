using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MyBot.Runtime.Hosting;
using MyBot.Runtime.Storage;

namespace MyBot.Runtime.Streams;

/// <summary>
/// Pulls one partition's queue while this process owns it. Events of one key run one after another in queue order;
/// different keys run concurrently. An event is deleted only after its handler finished, its visibility is renewed
/// while it waits or runs, and after <see cref="RuntimeOptions.MaxAttempts"/> failed attempts it becomes a dead letter.
/// </summary>
internal sealed partial class PartitionPullingAgent(
    int partition,
    IQueueStorage queues,
    IDeadLetterStore deadLetters,
    IReadOnlyDictionary<string, IStreamHandler> handlers,
    PartitionSignals signals,
    RuntimeOptions options,
    TimeProvider timeProvider,
    ILogger logger)
{
    private const int MaxInFlight = 256;
    private readonly ConcurrentDictionary<string, Tracked> _inFlight = new();
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _queueOps = new(1, 1);
    private readonly SemaphoreSlim _slotFreed = new(0, int.MaxValue);

    public int Partition { get; } = partition;

    public int InFlight => _inFlight.Count;

    /// <summary>Runs until <paramref name="stopReceiving"/>; handlers run on until done or <paramref name="abort"/>.</summary>
    public async Task RunAsync(CancellationToken stopReceiving, CancellationToken abort)
    {
        using var renewalStop = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var renewal = RenewVisibilityAsync(renewalStop.Token);
        var pollInterval = options.PollInterval;
        while (!stopReceiving.IsCancellationRequested)
        {
            try
            {
                if (_inFlight.Count >= MaxInFlight)
                {
                    await _slotFreed.WaitAsync(stopReceiving);
                    continue;
                }

                var messages = await queues.ReceiveAsync(Partition, Math.Min(options.BatchSize, MaxInFlight - _inFlight.Count), options.VisibilityTimeout, stopReceiving);
                if (messages.Count == 0)
                {
                    await signals.WaitAsync(Partition, pollInterval, timeProvider, stopReceiving);
                    pollInterval = Backoff.Double(pollInterval, options.MaxPollInterval);
                    continue;
                }

                pollInterval = options.PollInterval;

                foreach (var message in messages)
                {
                    Dispatch(message, abort);
                }
            }
            catch (OperationCanceledException) when (stopReceiving.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                Log.ReceiveFailed(logger, ex, Partition);
                await DelayAsync(options.RetryBackoff, stopReceiving);
            }
        }

        Task[] remaining;
        lock (_tails)
        {
            remaining = [.. _tails.Values];
        }

        try
        {
            await Task.WhenAll(remaining).WaitAsync(abort);
        }
        catch (OperationCanceledException)
        {
        }

        await renewalStop.CancelAsync();
        await renewal;
    }

    private void Dispatch(QueueMessage message, CancellationToken abort)
    {
        StreamEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<StreamEnvelope>(message.Body, RuntimeJson.Options);
        }
        catch (JsonException)
        {
            envelope = null;
        }

        var tracked = new Tracked(message);
        _inFlight[message.MessageId] = tracked;
        var key = envelope?.Key ?? string.Empty;
        lock (_tails)
        {
            var tail = _tails.GetValueOrDefault(key) ?? Task.CompletedTask;
            var run = RunAfterAsync(tail, tracked, envelope, abort);
            _tails[key] = run;
            _ = run.ContinueWith(
                _ =>
                {
                    lock (_tails)
                    {
                        if (_tails.TryGetValue(key, out var current) && current == run)
                        {
                            _tails.Remove(key);
                        }
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task RunAfterAsync(Task previous, Tracked tracked, StreamEnvelope? envelope, CancellationToken abort)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await ProcessAsync(tracked, envelope, abort);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.ProcessingFailed(logger, ex, Partition, tracked.Message.MessageId);
        }
        finally
        {
            _inFlight.TryRemove(tracked.Message.MessageId, out _);
            _slotFreed.Release();
        }
    }

    private async Task ProcessAsync(Tracked tracked, StreamEnvelope? envelope, CancellationToken abort)
    {
        if (envelope is null)
        {
            await DeadLetterAsync(tracked, "unknown", string.Empty, tracked.Message.Body, "The queue message is not a stream envelope.", tracked.Message.DequeueCount);
            return;
        }

        if (!handlers.TryGetValue(envelope.Namespace, out var handler))
        {
            await DeadLetterAsync(tracked, envelope.Namespace, envelope.Key, envelope.Payload, $"No handler is registered for stream namespace '{envelope.Namespace}'.", tracked.Message.DequeueCount);
            return;
        }

        // A crash between attempts shows in the dequeue count, so a poison event that kills the process still ends.
        var attempt = tracked.Message.DequeueCount;
        while (true)
        {
            try
            {
                await handler.HandleAsync(new StreamEvent(envelope.Namespace, envelope.Key, envelope.Payload, tracked.Message.MessageId, attempt, envelope.PublishedAt), abort);
                await DeleteAsync(tracked);
                return;
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                throw;
            }
            catch (PartitionLostException ex)
            {
                // Another replica owns the partition now and this one has not noticed yet: neither a retry here nor a dead
                // letter is right. Left undeleted and no longer renewed, the event reappears for the new owner.
                Log.Abandoned(logger, envelope.Namespace, envelope.Key, ex.Partition);
                return;
            }
            catch (Exception ex)
            {
                if (attempt >= options.MaxAttempts)
                {
                    Log.DeadLettered(logger, envelope.Namespace, envelope.Key, attempt, ex.Message);
                    await DeadLetterAsync(tracked, envelope.Namespace, envelope.Key, envelope.Payload, $"{ex.GetType().Name}: {ex.Message}", attempt);
                    return;
                }

                var backoff = Backoff.Exponential(options.RetryBackoff, attempt, TimeSpan.MaxValue);
                Log.AttemptFailed(logger, ex, envelope.Namespace, envelope.Key, attempt, options.MaxAttempts, backoff);
                await DelayAsync(backoff, abort);
                attempt++;
            }
        }
    }

    private async Task DeadLetterAsync(Tracked tracked, string streamNamespace, string key, string payload, string error, int attempts)
    {
        var letter = new DeadLetter($"{streamNamespace}:{Partition}:{tracked.Message.MessageId}", streamNamespace, key, payload, error, attempts, timeProvider.GetUtcNow());
        await deadLetters.AddAsync(letter, CancellationToken.None);
        await DeleteAsync(tracked);
    }

    private async Task DeleteAsync(Tracked tracked)
    {
        await _queueOps.WaitAsync(CancellationToken.None);
        try
        {
            tracked.Done = true;
            await queues.DeleteAsync(Partition, tracked.Message, CancellationToken.None);
        }
        catch (PopReceiptMismatchException ex)
        {
            Log.LostMessage(logger, Partition, tracked.Message.MessageId, ex.Message);
        }
        finally
        {
            _queueOps.Release();
        }
    }

    private async Task RenewVisibilityAsync(CancellationToken abort)
    {
        var period = TimeSpan.FromTicks(options.VisibilityTimeout.Ticks / 3);
        while (!abort.IsCancellationRequested)
        {
            await DelayAsync(period, abort);
            var threshold = timeProvider.GetUtcNow() + period + period;
            foreach (var tracked in _inFlight.Values)
            {
                if (tracked.RenewedUntil > threshold)
                {
                    continue;
                }

                await _queueOps.WaitAsync(CancellationToken.None);
                try
                {
                    if (!tracked.Done)
                    {
                        tracked.Message = await queues.ExtendVisibilityAsync(Partition, tracked.Message, options.VisibilityTimeout, CancellationToken.None);
                        tracked.RenewedUntil = timeProvider.GetUtcNow() + options.VisibilityTimeout;
                    }
                }
                catch (Exception ex)
                {
                    Log.RenewFailed(logger, ex, Partition, tracked.Message.MessageId);
                }
                finally
                {
                    _queueOps.Release();
                }
            }
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class Tracked(QueueMessage message)
    {
        public QueueMessage Message { get; set; } = message;

        public DateTimeOffset RenewedUntil { get; set; } = DateTimeOffset.MinValue;

        public bool Done { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1306, Level = LogLevel.Warning, Message = "A {Namespace} event for {Key} is left to the new owner of partition {Partition}, which another replica claimed")]
        public static partial void Abandoned(ILogger logger, string @namespace, string key, int partition);

        [LoggerMessage(EventId = 1300, Level = LogLevel.Error, Message = "Receiving from partition {Partition} failed; retrying")]
        public static partial void ReceiveFailed(ILogger logger, Exception exception, int partition);

        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Attempt {Attempt} of {MaxAttempts} at a {Namespace} event for {Key} failed; next try in {Backoff}")]
        public static partial void AttemptFailed(ILogger logger, Exception exception, string @namespace, string key, int attempt, int maxAttempts, TimeSpan backoff);

        [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "A {Namespace} event for {Key} failed {Attempts} times and moved to the dead letters: {Error}")]
        public static partial void DeadLettered(ILogger logger, string @namespace, string key, int attempts, string error);

        [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Message {MessageId} of partition {Partition} was taken by another receiver: {Reason}")]
        public static partial void LostMessage(ILogger logger, int partition, string messageId, string reason);

        [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "Renewing the visibility of message {MessageId} in partition {Partition} failed")]
        public static partial void RenewFailed(ILogger logger, Exception exception, int partition, string messageId);

        [LoggerMessage(EventId = 1305, Level = LogLevel.Error, Message = "Processing message {MessageId} of partition {Partition} failed unexpectedly; it will come back")]
        public static partial void ProcessingFailed(ILogger logger, Exception exception, int partition, string messageId);
    }
}
