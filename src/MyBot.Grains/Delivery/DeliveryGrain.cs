using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Channels;
using MyBot.Channels.Hosting;
using MyBot.Runtime;
using MyBot.Runtime.Storage;

namespace MyBot.Agent.Delivery;

/// <summary>
/// Delivers a conversation's replies through its channel. A reply leaves the state only after the platform accepted
/// its last chunk; each accepted chunk is recorded, so a retry or a restart continues with the next one. A durable
/// reminder wakes the grain while anything is pending, so replies survive restarts and wait out rate limits without
/// holding a thread. Transient failures back off, a permanent one goes straight to the dead letters.
/// </summary>
[GrainType("delivery")]
public sealed partial class DeliveryGrain(
    [PersistentState("state")] IPersistentState<DeliveryState> state,
    IChannelRegistry channels,
    IDeadLetterStore deadLetters,
    IOptions<DeliveryOptions> options,
    TimeProvider timeProvider,
    ILogger<DeliveryGrain> logger) : Grain, IDeliveryGrain, IRemindable
{
    /// <summary>The origin of the dead letters this grain writes.</summary>
    public const string DeadLetterOrigin = "delivery";

    private const string ReminderName = "deliver";

    public async Task EnqueueAsync(IReadOnlyList<OutboundEvent> events)
    {
        var added = false;
        foreach (var outbound in events)
        {
            if (state.State.Delivered.Contains(outbound.Id) || state.State.Pending.Any(p => p.Event.Id == outbound.Id))
            {
                Log.DuplicateReply(logger, outbound.Id);
                continue;
            }

            state.State.Pending.Add(new PendingDelivery { Event = outbound });
            added = true;
        }

        if (!added)
        {
            if (state.State.Pending.Count > 0)
            {
                // A crash between the state write and the reminder leaves replies pending with nothing to wake them; the redelivered event re-arms it.
                await GrainContext.RegisterOrUpdateReminderAsync(ReminderName, timeProvider.GetUtcNow());
            }

            return;
        }

        await state.WriteStateAsync();
        await GrainContext.RegisterOrUpdateReminderAsync(ReminderName, timeProvider.GetUtcNow());
    }

    public async Task RedeliverAsync(OutboundEvent outbound, string retryId)
    {
        ArgumentNullException.ThrowIfNull(outbound);
        ArgumentException.ThrowIfNullOrEmpty(retryId);
        if (state.State.Redelivered.Contains(retryId) || state.State.Pending.Any(p => p.Event.Id == outbound.Id))
        {
            Log.DuplicateRedelivery(logger, outbound.Id, retryId);
            if (state.State.Pending.Count > 0)
            {
                await GrainContext.RegisterOrUpdateReminderAsync(ReminderName, timeProvider.GetUtcNow());
            }

            return;
        }

        state.State.Delivered.Remove(outbound.Id);
        state.State.Pending.Add(new PendingDelivery { Event = outbound, DeadLetterId = $"{DeadLetterOrigin}:{outbound.Id}:retry-{retryId}" });
        state.State.Redelivered.Add(retryId);
        var excess = state.State.Redelivered.Count - options.Value.DedupeWindow;
        if (excess > 0)
        {
            state.State.Redelivered.RemoveRange(0, excess);
        }

        await state.WriteStateAsync();
        Log.Redelivering(logger, outbound.Id, retryId);
        await GrainContext.RegisterOrUpdateReminderAsync(ReminderName, timeProvider.GetUtcNow());
    }

    public Task<int> PendingCountAsync() => Task.FromResult(state.State.Pending.Count);

    public async Task ReceiveReminder(string reminderName, DateTimeOffset dueAt)
    {
        var wakeAt = await DeliverPendingAsync();
        if (wakeAt is { } next)
        {
            await GrainContext.RegisterOrUpdateReminderAsync(ReminderName, next);
        }
    }

    /// <returns>When to try again, or null when nothing is left.</returns>
    private async Task<DateTimeOffset?> DeliverPendingAsync()
    {
        while (state.State.Pending.Count > 0)
        {
            var pending = state.State.Pending[0];
            var now = timeProvider.GetUtcNow();
            if (pending.NotBefore is { } notBefore && notBefore > now)
            {
                return notBefore;
            }

            if (!channels.TryGet(pending.Event.Source.Platform, out var channel))
            {
                await FailPermanentlyAsync(pending, $"No channel is configured for platform '{pending.Event.Source.Platform}'.");
                continue;
            }

            pending.Chunks ??= [.. channel.Format(WithDelayNotice(pending.Event, now))];
            var retryAt = await SendChunksAsync(channel, pending);
            if (retryAt is not null)
            {
                return retryAt;
            }
        }

        return null;
    }

    private async Task<DateTimeOffset?> SendChunksAsync(IChannel channel, PendingDelivery pending)
    {
        var chunks = pending.Chunks!;
        while (pending.SentChunks < chunks.Count)
        {
            var index = pending.SentChunks;
            var chunk = new OutboundChunk(
                pending.Event.Source,
                pending.Event.Id,
                index,
                chunks.Count,
                chunks[index],
                index == 0 ? pending.Event.ReplyToPlatformMessageId : null);
            SendResult result;
            try
            {
                result = await channel.SendAsync(chunk, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                result = SendResult.Transient($"{ex.GetType().Name}: {ex.Message}");
            }

            switch (result.Status)
            {
                case SendStatus.Sent:
                    pending.SentChunks++;
                    pending.Attempts = 0;
                    pending.LastError = null;
                    if (pending.SentChunks == chunks.Count)
                    {
                        Complete(pending);
                    }

                    await state.WriteStateAsync();
                    break;
                case SendStatus.Permanent:
                    await FailPermanentlyAsync(pending, result.Error ?? "The platform refused the message.");
                    return null;
                default:
                    return await RetryLaterAsync(pending, result);
            }
        }

        return null;
    }

    private async Task<DateTimeOffset?> RetryLaterAsync(PendingDelivery pending, SendResult result)
    {
        pending.Attempts++;
        pending.LastError = result.Error;
        if (result.RetryAfter is null && pending.Attempts >= options.Value.MaxAttempts)
        {
            await FailPermanentlyAsync(pending, $"Gave up after {pending.Attempts} attempts: {result.Error}");
            return null;
        }

        var wait = result.RetryAfter ?? Backoff(pending.Attempts);
        pending.NotBefore = timeProvider.GetUtcNow() + wait;
        Log.Retrying(logger, pending.Event.Id, pending.Attempts, wait, result.Error ?? string.Empty);
        await state.WriteStateAsync();
        return pending.NotBefore;
    }

    private async Task FailPermanentlyAsync(PendingDelivery pending, string error)
    {
        Log.DeadLettered(logger, pending.Event.Id, error);
        await deadLetters.AddAsync(
            new DeadLetter(
                pending.DeadLetterId ?? $"{DeadLetterOrigin}:{pending.Event.Id}",
                DeadLetterOrigin,
                GetPrimaryKeyString(),
                JsonSerializer.Serialize(pending.Event, ChannelJson.Options),
                error,
                pending.Attempts + 1,
                timeProvider.GetUtcNow()),
            CancellationToken.None);
        Complete(pending);
        await state.WriteStateAsync();
    }

    private void Complete(PendingDelivery pending)
    {
        state.State.Pending.Remove(pending);
        state.State.Delivered.Add(pending.Event.Id);
        var excess = state.State.Delivered.Count - options.Value.DedupeWindow;
        if (excess > 0)
        {
            state.State.Delivered.RemoveRange(0, excess);
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var ticks = options.Value.InitialBackoff.Ticks * Math.Pow(2, Math.Min(attempts - 1, 20));
        return TimeSpan.FromTicks((long)Math.Min(ticks, options.Value.MaxBackoff.Ticks));
    }

    private string WithDelayNotice(OutboundEvent outbound, DateTimeOffset now)
    {
        if (outbound.InReplyToAt is not { } askedAt || now - askedAt < options.Value.DelayedNoticeAfter)
        {
            return outbound.Text;
        }

        var when = askedAt.UtcDateTime.ToString(askedAt.UtcDateTime.Date == now.UtcDateTime.Date ? "HH:mm" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return $"_Delayed reply to your message from {when} UTC._\n\n{outbound.Text}";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Reply {OutboundId} was already delivered or queued; dropped")]
        public static partial void DuplicateReply(ILogger logger, string outboundId);

        [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Delivering {OutboundId} failed (attempt {Attempts}); retrying in {Wait}: {Error}")]
        public static partial void Retrying(ILogger logger, string outboundId, int attempts, TimeSpan wait, string error);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Reply {OutboundId} moved to the dead letters: {Error}")]
        public static partial void DeadLettered(ILogger logger, string outboundId, string error);

        [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Reply {OutboundId} is already pending, or retry {RetryId} was applied before; nothing to do")]
        public static partial void DuplicateRedelivery(ILogger logger, string outboundId, string retryId);

        [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "Reply {OutboundId} was taken back from the dead letters (retry {RetryId}) and is queued again")]
        public static partial void Redelivering(ILogger logger, string outboundId, string retryId);
    }
}
