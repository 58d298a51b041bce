using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Channels;
using MyBot.Channels.Hosting;
using MyBot.Grains.Common;
using MyBot.Telemetry;
using Orleans.Hosting;

namespace MyBot.Grains.Delivery;

/// <summary>
/// Delivers a conversation's replies through its channel. A reply leaves the state only after the platform accepted
/// its last chunk; each accepted chunk is recorded, so a retry or a restart continues with the next one. Transient
/// failures back off (or wait out the platform's retry_after), a permanent one goes straight to the dead letters.
/// </summary>
/// <remarks>
/// <see cref="EnqueueAsync"/> returns once the replies are durable; the sending runs on a grain timer that interleaves
/// with the grain's calls, so a slow platform never holds a caller past the response timeout. All state writes go
/// through one gate. A reminder is the wake-up after a crash while anything is pending: registered when a reply
/// arrives and none is known to this activation, unregistered by the first tick that finds nothing pending.
/// </remarks>
[GrainType("delivery")]
public sealed partial class DeliveryGrain(
    [PersistentState("delivery")] IPersistentState<DeliveryState> state,
    IChannelRegistry channels,
    IDeadLetterStore deadLetters,
    IOptions<DeliveryOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    IOptions<TelemetryOptions> telemetryOptions,
    TimeProvider timeProvider,
    ILogger<DeliveryGrain> logger) : Grain, IDeliveryGrain, IRemindable
{
    /// <summary>The origin of the dead letters this grain writes.</summary>
    public const string DeadLetterOrigin = "delivery";

    private const string ReminderName = "deliver";

    private readonly SerializedWriter<DeliveryState> _writer = new(state);
    private BacklogPump? _pump;

    private BacklogPump Pump => _pump ??= new(
        this,
        ReminderName,
        BackstopReminder.Period(reminderOptions.Value),
        () => state.State.Pending.Count > 0,
        DeliverPendingAsync,
        OnPumpFailed,
        timeProvider);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Pump.Resume();
        MyBotMetrics.PendingDeliveries.Set(this.GetPrimaryKeyString(), state.State.Pending.Count);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        MyBotMetrics.PendingDeliveries.Remove(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task EnqueueAsync(IReadOnlyList<OutboundEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var fresh = new List<OutboundEvent>();
        foreach (var outbound in events)
        {
            if (state.State.Delivered.Contains(outbound.Id) || IsPending(outbound.Id) || fresh.Exists(e => e.Id == outbound.Id))
            {
                Log.DuplicateReply(logger, outbound.Id);
                continue;
            }

            fresh.Add(outbound);
        }

        if (fresh.Count == 0)
        {
            Pump.Kick();
            return;
        }

        await Pump.EnsureReminderAsync();
        state.State.Pending.AddRange(fresh.Select(e => new PendingDelivery { Event = e, Trace = NewTrace(e) }));
        await SaveOrDeactivateAsync();
        Pump.Kick();
    }

    public async Task RedeliverAsync(OutboundEvent outbound, string retryId)
    {
        ArgumentNullException.ThrowIfNull(outbound);
        ArgumentException.ThrowIfNullOrEmpty(retryId);
        if (state.State.Redelivered.Contains(retryId) || IsPending(outbound.Id))
        {
            Log.DuplicateRedelivery(logger, outbound.Id, retryId);
            Pump.Kick();
            return;
        }

        await Pump.EnsureReminderAsync();
        state.State.Delivered.Remove(outbound.Id);
        state.State.Pending.Add(new PendingDelivery { Event = outbound, DeadLetterId = $"{DeadLetterOrigin}:{outbound.Id}:retry-{retryId}", Trace = NewTrace(outbound) });
        state.State.Redelivered.Add(retryId);
        DedupeWindow.Trim(state.State.Redelivered, options.Value.DedupeWindow);
        await SaveOrDeactivateAsync();
        Log.Redelivering(logger, outbound.Id, retryId);
        Pump.Kick();
    }

    public Task<int> PendingCountAsync() => Task.FromResult(state.State.Pending.Count);

    public Task<IReadOnlyList<DeliveryTrace>> GetTracesAsync(string inboundId) => Task.FromResult<IReadOnlyList<DeliveryTrace>>(
        [.. state.State.Traces.Concat(state.State.Pending.Select(p => p.Trace)).OfType<DeliveryTrace>().Where(t => t.InReplyTo == inboundId)]);

    public Task ReceiveReminder(string reminderName, TickStatus status) => Pump.OnReminderAsync(reminderName);

    private bool IsPending(string outboundId) => state.State.Pending.Exists(p => p.Event.Id == outboundId);

    private Task WriteAsync()
    {
        MyBotMetrics.PendingDeliveries.Set(this.GetPrimaryKeyString(), state.State.Pending.Count);
        return _writer.WriteAsync();
    }

    private async Task SaveOrDeactivateAsync()
    {
        try
        {
            await WriteAsync();
        }
        catch
        {
            // The replies may or may not be stored; a fresh activation reads which, so the caller's retry is not taken for a duplicate.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>A storage or dead-letter failure: the reply is still pending, so the pump tries again.</summary>
    private TimeSpan OnPumpFailed(Exception exception)
    {
        Log.PumpFailed(logger, exception, this.GetPrimaryKeyString(), options.Value.InitialBackoff);
        return options.Value.InitialBackoff;
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
            pending.Trace?.Chunks = pending.Chunks.Count;
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
            var sendStarted = timeProvider.GetTimestamp();

            // A child of the turn that made the reply, whether it runs now, after a retry-after or after a restart.
            using (var activity = MyBotTelemetry.StartFromTraceParent($"send {pending.Event.Source.Platform}", ActivityKind.Client, pending.Event.TraceParent))
            {
                activity?.SetTag("mybot.outbound.id", pending.Event.Id);
                activity?.SetTag("mybot.channel", pending.Event.Source.Platform);
                activity?.SetTag("mybot.chunk.index", index);
                activity?.SetTag("mybot.chunk.count", chunks.Count);
                activity?.SetTag("mybot.delivery.attempt", pending.Attempts + 1);
                try
                {
                    result = await channel.SendAsync(chunk, CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    result = SendResult.Transient($"{ex.GetType().Name}: {ex.Message}");
                }

                var outcome = Outcome(result);
                var sendDuration = timeProvider.GetElapsedTime(sendStarted);
                pending.Trace?.AddSend(new SendAttemptTrace(timeProvider.GetUtcNow() - sendDuration, index, outcome, sendDuration, result.Error));
                activity?.SetTag("mybot.delivery.outcome", outcome);
                if (result.Status != SendStatus.Sent)
                {
                    MyBotTelemetry.Fail(activity, outcome, result.Error);
                }

                MyBotMetrics.DeliveryAttempt(pending.Event.Source.Platform, outcome);
            }

            switch (result.Status)
            {
                case SendStatus.Sent:
                    pending.SentChunks++;
                    pending.Attempts = 0;
                    pending.LastError = null;
                    if (pending.SentChunks == chunks.Count)
                    {
                        Complete(pending, delivered: true);
                    }

                    await WriteAsync();
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

        var wait = result.RetryAfter ?? Backoff.Exponential(options.Value.InitialBackoff, pending.Attempts, options.Value.MaxBackoff);
        pending.NotBefore = timeProvider.GetUtcNow() + wait;
        Log.Retrying(logger, pending.Event.Id, pending.Attempts, wait, result.Error ?? string.Empty);
        await WriteAsync();
        return pending.NotBefore;
    }

    private async Task FailPermanentlyAsync(PendingDelivery pending, string error)
    {
        Log.DeadLettered(logger, pending.Event.Id, error);
        await deadLetters.AddAsync(
            new DeadLetter(
                pending.DeadLetterId ?? $"{DeadLetterOrigin}:{pending.Event.Id}",
                DeadLetterOrigin,
                this.GetPrimaryKeyString(),
                JsonSerializer.Serialize(pending.Event, ChannelJson.Options),
                error,
                pending.Attempts + 1,
                timeProvider.GetUtcNow()),
            CancellationToken.None);
        Complete(pending, delivered: false);
        await WriteAsync();
    }

    private static string Outcome(SendResult result) => result.Status switch
    {
        SendStatus.Sent => "sent",
        SendStatus.Permanent => "permanent",
        _ when result.RetryAfter is not null => "throttled",
        _ => "transient",
    };

    private void Complete(PendingDelivery pending, bool delivered)
    {
        state.State.Pending.Remove(pending);
        state.State.Delivered.Add(pending.Event.Id);
        DedupeWindow.Trim(state.State.Delivered, options.Value.DedupeWindow);
        if (pending.Trace is { } trace)
        {
            if (delivered)
            {
                trace.DeliveredAt = timeProvider.GetUtcNow();
            }
            else
            {
                trace.DeadLetteredAt = timeProvider.GetUtcNow();
            }

            state.State.Traces.Add(trace);
            DedupeWindow.Trim(state.State.Traces, telemetryOptions.Value.TracedMessages);
        }
    }

    private DeliveryTrace? NewTrace(OutboundEvent outbound) => telemetryOptions.Value.TracedMessages == 0
        ? null
        : new DeliveryTrace { OutboundId = outbound.Id, InReplyTo = outbound.InReplyTo, EnqueuedAt = timeProvider.GetUtcNow() };

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

        [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "Delivering the outbox of {Source} failed; trying again in {Wait}")]
        public static partial void PumpFailed(ILogger logger, Exception exception, string source, TimeSpan wait);

        [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "Reply {OutboundId} was taken back from the dead letters (retry {RetryId}) and is queued again")]
        public static partial void Redelivering(ILogger logger, string outboundId, string retryId);
    }
}
