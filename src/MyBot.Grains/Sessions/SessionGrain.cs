using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.Commands;
using MyBot.Agent.Conversation;
using MyBot.Agent.Identity;
using MyBot.Agent.Llm;
using MyBot.Channels;
using MyBot.Channels.Hosting;
using MyBot.Grains.Common;
using MyBot.Telemetry;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MyBot.Grains.Sessions;

/// <summary>
/// Runs the agent for one conversation (key: the EventSource string), fed by the <c>inbound</c> stream.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="OnNextAsync"/> only dedupes, appends the event to the inbox in the persistent state and writes it: the
/// stream's delivery is a grain call under the response timeout, and a turn may take minutes. The turns run from the
/// inbox on a grain timer that interleaves with the stream's calls, one at a time, in order. Because the two
/// interleave, every state write goes through one gate (two writes in flight would race on the ETag), and a turn
/// works on a copy of the conversation that replaces the stored one only when the turn is done, so a write made by
/// <see cref="OnNextAsync"/> mid-turn never stores half a turn.
/// </para>
/// <para>
/// Checkpoint order: the attempt is counted and written, the turn runs, the reply is durable in the
/// <see cref="IDeliveryGrain"/>, then the event is recorded as answered and leaves the inbox (in the same write that
/// counts the next entry's attempt, when one is waiting). A crash in between replays the turn; the reply's
/// deterministic id makes the delivery grain drop the second one.
/// </para>
/// <para>
/// A reminder is the wake-up after a crash: it is registered when work arrives and no reminder is known to this
/// activation, and unregistered by the first tick that finds the inbox empty, so a busy conversation keeps one
/// reminder instead of a register and an unregister per message.
/// </para>
/// </remarks>
[ImplicitStreamSubscription(InboundStream.Namespace)]
[GrainType("session")]
public sealed partial class SessionGrain(
    [PersistentState("session")] IPersistentState<SessionState> state,
    AgentTurnRunner runner,
    IChannelRegistry channels,
    IDeadLetterStore deadLetters,
    IdentityDirectory identities,
    DeepCopier<AgentSessionState> copier,
    IOptions<SessionOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    IOptions<TelemetryOptions> telemetryOptions,
    IOptions<ClusterMembershipOptions> membership,
    TimeProvider timeProvider,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain, IRemindable, IStreamSubscriptionObserver, IAsyncObserver<InboundEvent>
{
    /// <summary>The origin of the dead letters this grain writes: the stream namespace the events came from.</summary>
    public const string DeadLetterOrigin = InboundStream.Namespace;

    private const string ReminderName = "wake";

    private readonly SerializedWriter<SessionState> _writer = new(state);
    private BacklogPump? _pump;

    private BacklogPump Pump => _pump ??= new(
        this,
        ReminderName,
        BackstopReminder.Period(reminderOptions.Value),
        () => state.State.Inbox.Count > 0,
        RunInboxAsync,
        OnPumpFailed,
        timeProvider);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Woken after a crash or a move (by the reminder, a retry or the next event): carry on with the inbox.
        Pump.Resume();
        MyBotMetrics.InboxDepth.Set(this.GetPrimaryKeyString(), state.State.Inbox.Count);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        MyBotMetrics.InboxDepth.Remove(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<InboundEvent>().ResumeAsync(this);
    }

    public async Task OnNextAsync(InboundEvent item, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(item);

        // One person, one conversation: the identity's session takes the event (durably, before this returns) and
        // answers it; the reply still goes to the chat it came from.
        if (identities.SharedHistory
            && await identities.IdentityOfAsync(item.Source) is { } identity
            && IdentityDirectory.KeyOf(identity) is var shared && shared != this.GetPrimaryKeyString())
        {
            await GrainFactory.GetGrain<ISessionGrain>(shared).EnqueueAsync(item);
            return;
        }

        await AcceptAsync(item, retryId: null);
    }

    public Task EnqueueAsync(InboundEvent inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        return AcceptAsync(inbound, retryId: null);
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public async Task RetryAsync(InboundEvent inbound, string retryId)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentException.ThrowIfNullOrEmpty(retryId);
        if (state.State.Retried.Contains(retryId))
        {
            Log.DuplicateRetry(logger, inbound.Id, retryId);
            Pump.Kick();
            return;
        }

        state.State.Answered.Remove(inbound.Id);
        state.State.Retried.Add(retryId);
        DedupeWindow.Trim(state.State.Retried, options.Value.DedupeWindow);
        await AcceptAsync(inbound, retryId);
        Log.Retrying(logger, inbound.Id, retryId);
    }

    public Task<SessionSnapshot> GetSnapshotAsync() => Task.FromResult(
        new SessionSnapshot(state.State.Inbox.Count, state.State.Inbox.FirstOrDefault()?.Attempts ?? 0, state.State.Answered.Count));

    public Task<MessageTrace?> GetTraceAsync(string eventId) => Task.FromResult(TraceOf(eventId));

    public Task ReceiveReminder(string reminderName, TickStatus status) => Pump.OnReminderAsync(reminderName);

    private async Task AcceptAsync(InboundEvent inbound, string? retryId)
    {
        // A retry may arrive while the entry it retries is still in the inbox, giving up (the letter is listed before
        // that turn completes): only the same retry is a duplicate then, or the retry would be lost with that entry.
        var queued = state.State.Inbox.Exists(e => e.Event.Id == inbound.Id && (retryId is null || e.RetryId == retryId));
        if (state.State.Answered.Contains(inbound.Id) || queued)
        {
            Log.Duplicate(logger, inbound.Id);
            if (retryId is not null)
            {
                await SaveAsync();
            }

            Pump.Kick();
            return;
        }

        // Registered before the event is written: a crash in between leaves a reminder that finds nothing to do, never an event nothing wakes.
        await Pump.EnsureReminderAsync();
        state.State.Inbox.Add(new InboxEntry { Event = inbound, RetryId = retryId });
        RecordAccepted(inbound);
        try
        {
            await SaveAsync();
        }
        catch
        {
            // The event may or may not be stored; a fresh activation reads which, so the stream's retry is not taken for a duplicate.
            DeactivateOnIdle();
            throw;
        }

        Pump.Kick();
    }

    /// <summary>Runs the inbox's turns in order until it is empty or the head waits for its next attempt.</summary>
    /// <returns>When the head's next attempt is due, or null when the inbox is empty.</returns>
    private async Task<DateTimeOffset?> RunInboxAsync()
    {
        // Set when the write that finished the previous turn also counted the head's attempt.
        var headCounted = false;
        while (state.State.Inbox.Count > 0)
        {
            var entry = state.State.Inbox[0];
            if (entry.NotBefore is { } notBefore && notBefore > timeProvider.GetUtcNow())
            {
                return notBefore;
            }

            headCounted = await RunEntryAsync(entry, headCounted);
        }

        return null;
    }

    /// <summary>A storage or dead-letter failure between the steps of a turn: the entry is still in the inbox, so the pump tries again.</summary>
    private TimeSpan OnPumpFailed(Exception exception)
    {
        Log.PumpFailed(logger, exception, this.GetPrimaryKeyString(), options.Value.RetryBackoff);
        return options.Value.RetryBackoff;
    }

    /// <param name="counted">The attempt is already counted in the stored state (by the write that completed the turn before).</param>
    /// <returns>Whether the write that ended this turn also counted the attempt of the next entry.</returns>
    private async Task<bool> RunEntryAsync(InboxEntry entry, bool counted)
    {
        var inbound = entry.Event;

        // A child of the publish that the event carried across the stream: a retried or resumed turn joins the same trace.
        using var activity = MyBotTelemetry.StartFromTraceParent("turn", ActivityKind.Consumer, inbound.TraceParent);
        activity?.SetTag("mybot.inbound.id", inbound.Id);
        activity?.SetTag("mybot.channel", inbound.Source.Platform);
        var previousAttempts = counted ? entry.Attempts - 1 : entry.Attempts;
        activity?.SetTag("mybot.turn.attempt", previousAttempts + 1);
        if (previousAttempts > 0)
        {
            activity?.AddEvent(new ActivityEvent("mybot.turn.redelivered", tags: new ActivityTagsCollection { ["mybot.turn.previous_attempts"] = previousAttempts }));
        }

        TurnAttemptTrace? attemptTrace;
        if (!counted)
        {
            if (entry.Attempts >= options.Value.MaxAttempts)
            {
                return await GiveUpAsync(entry, entry.LastError ?? $"The turn was cut {entry.Attempts} times (the silo stopped or crashed while it ran).");
            }

            await Pump.EnsureReminderAsync();
            entry.Attempts++;
            entry.NotBefore = null;
            attemptTrace = RecordAttemptStarted(inbound.Id, entry.Attempts);
            await SaveAsync();
        }
        else
        {
            // The write that completed the turn before recorded this attempt's start.
            attemptTrace = TraceOf(inbound.Id)?.Turns.FindLast(t => t.Attempt == entry.Attempts && t.EndedAt is null);
        }

        var conversation = copier.Copy(state.State.Conversation);
        var started = timeProvider.GetTimestamp();
        var llmCalls = new List<LlmCallTrace>();
        try
        {
            var reply = await RunTurnAsync(inbound, conversation, entry.Attempts, llmCalls);

            // The turn ends with its answer; the reply may be sent before the enqueue below returns. A failing enqueue records a retry instead.
            RecordAttemptEnded(attemptTrace, "answered", llmCalls, error: null);
            await ReplyAsync(entry, reply);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            entry.LastError = Describe(ex);
            var outcome = entry.Attempts >= options.Value.MaxAttempts ? "failed" : "retry";
            MyBotTelemetry.Fail(activity, ex is LlmException llm ? llm.Kind.ToString() : ex.GetType().FullName ?? ex.GetType().Name);
            MyBotMetrics.TurnEnded(outcome, timeProvider.GetElapsedTime(started));
            RecordAttemptEnded(attemptTrace, outcome, llmCalls, entry.LastError);
            if (entry.Attempts >= options.Value.MaxAttempts)
            {
                return await GiveUpAsync(entry, entry.LastError);
            }

            var wait = Backoff.Exponential(options.Value.RetryBackoff, entry.Attempts, options.Value.MaxRetryBackoff);
            if (IsUnreachableSilo(ex))
            {
                // A grain the turn needs sits on a silo that stopped answering. Every attempt fails the same way until the
                // cluster declares that silo dead and the grain comes back elsewhere, so waiting less only spends the
                // attempts: a silo crash would turn the conversation's next messages into dead letters.
                var declaration = DeathDeclarationTime(membership.Value);
                wait = wait < declaration ? declaration : wait;
            }

            entry.NotBefore = timeProvider.GetUtcNow() + wait;
            Log.TurnRetry(logger, entry.Attempts, this.GetPrimaryKeyString(), wait, entry.LastError);
            Log.TurnRetryTrace(logger, ex, entry.Attempts, this.GetPrimaryKeyString());
            await SaveAsync();
            return false;
        }

        MyBotMetrics.TurnEnded("answered", timeProvider.GetElapsedTime(started));
        state.State.Conversation = conversation;
        var countedNext = await CompleteAsync(entry);
        await ReportRunEndedAsync(inbound, error: null);
        return countedNext;
    }

    /// <summary>Runs the agent turn; a transient LLM failure (or any other failure) throws, so the pump counts the attempt and tries again.</summary>
    private async Task<string> RunTurnAsync(InboundEvent inbound, AgentSessionState conversation, int attempt, List<LlmCallTrace> llmCalls)
    {
        using var typing = new CancellationTokenSource();
        // A cron job's run is not an answer anyone waits for: no typing indicator in the chat it writes to.
        var quiet = inbound.Kind == InboundEventKind.Scheduled || CommandDispatcher.IsCommand(inbound.Text);
        var typingLoop = quiet ? Task.CompletedTask : KeepTypingAsync(inbound.Source, typing.Token);
        try
        {
            var outcome = await runner.RunAsync(this.GetPrimaryKeyString(), conversation, inbound, CancellationToken.None, llmCalls);
            return string.IsNullOrWhiteSpace(outcome.Reply) ? "(The model returned an empty answer.)" : outcome.Reply;
        }
        catch (LlmException ex) when (!ex.IsTransient)
        {
            // No LLM configured is expected (the start-up log says so once); every other refusal is worth an error.
            if (ex.Kind != LlmErrorKind.NotConfigured)
            {
                Log.LlmFailed(logger, ex.Kind, this.GetPrimaryKeyString(), attempt);
            }

            return ex.Kind == LlmErrorKind.NotConfigured ? ex.Message : $"Sorry, the model refused the request: {ex.Message}";
        }
        finally
        {
            await typing.CancelAsync();
            await typingLoop;
        }
    }

    /// <summary>
    /// How long the cluster may take to declare a crashed silo dead: its missed probes, one probe period each, and one
    /// more period for the vote to land in the membership table.
    /// </summary>
    public static TimeSpan DeathDeclarationTime(ClusterMembershipOptions membership) =>
        membership.ProbeTimeout * (membership.NumMissedProbesLimit + 1);

    /// <summary>Orleans could not deliver a call to the silo holding its target (refused, or the silo is known dead).</summary>
    private static bool IsUnreachableSilo(Exception ex)
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            if (current is OrleansMessageRejectionException)
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(Exception ex) => ex is LlmException llm ? $"{llm.Kind}: {llm.Message}" : $"{ex.GetType().Name}: {ex.Message}";

    /// <summary>After the last attempt: the event goes to the dead letters, the user is told, and the inbox moves on.</summary>
    private async Task<bool> GiveUpAsync(InboxEntry entry, string error)
    {
        var inbound = entry.Event;
        Log.DeadLettered(logger, inbound.Id, entry.Attempts, error);
        if (TraceOf(inbound.Id) is { } trace)
        {
            trace.DeadLetteredAt = timeProvider.GetUtcNow();
        }

        await deadLetters.AddAsync(
            new DeadLetter(
                entry.RetryId is null ? $"{DeadLetterOrigin}:{inbound.Id}" : $"{DeadLetterOrigin}:{inbound.Id}:retry-{entry.RetryId}",
                DeadLetterOrigin,
                this.GetPrimaryKeyString(),
                JsonSerializer.Serialize(inbound, ChannelJson.Options),
                error,
                entry.Attempts,
                timeProvider.GetUtcNow()),
            CancellationToken.None);
        if (inbound.Kind != InboundEventKind.Scheduled)
        {
            await ReplyAsync(entry, $"Sorry, I could not answer this message after {entry.Attempts} tries; it is kept for the owner to look at. Please send it again in a moment.");
        }

        var countedNext = await CompleteAsync(entry);
        await ReportRunEndedAsync(inbound, error);
        return countedNext;
    }

    /// <summary>
    /// To the chat the event came from, whichever session answered it. A cron job's answer is a message of the agent's
    /// own (no reply-to, no late notice), and <see cref="CronRuns.NoReply"/> is not sent at all.
    /// </summary>
    private Task ReplyAsync(InboxEntry entry, string text)
    {
        var inbound = entry.Event;
        var scheduled = inbound.Kind == InboundEventKind.Scheduled;
        if (scheduled && CronRuns.IsNoReply(text))
        {
            return Task.CompletedTask;
        }

        var replyTo = entry.RetryId is null ? inbound.Id : $"{inbound.Id}/retry-{entry.RetryId}";
        var outbound = new OutboundEvent(
            OutboundEvent.CreateId(replyTo, 0),
            inbound.Source,
            text,
            timeProvider.GetUtcNow(),
            scheduled ? null : inbound.Id,
            scheduled ? null : inbound.PlatformMessageId,
            scheduled ? null : inbound.ReceivedAt,
            MyBotTelemetry.CurrentTraceParent());
        return GrainFactory.GetGrain<IDeliveryGrain>(inbound.Source.ToString()).EnqueueAsync([outbound]);
    }

    /// <summary>
    /// Records the event as answered. When the next entry is due now, the same write counts its attempt: a busy
    /// conversation pays one state write between two turns instead of two, and the attempt is still durable before
    /// its turn starts (the reminder is registered: the inbox was not empty).
    /// </summary>
    /// <returns>Whether the next entry's attempt was counted.</returns>
    private async Task<bool> CompleteAsync(InboxEntry entry)
    {
        state.State.Inbox.Remove(entry);
        state.State.Answered.Add(entry.Event.Id);
        DedupeWindow.Trim(state.State.Answered, options.Value.DedupeWindow);
        if (TraceOf(entry.Event.Id) is { DeadLetteredAt: null } trace)
        {
            trace.AnsweredAt = timeProvider.GetUtcNow();
        }

        var next = state.State.Inbox.FirstOrDefault();
        var countNext = next is not null && next.Attempts < options.Value.MaxAttempts
            && (next.NotBefore is not { } notBefore || notBefore <= timeProvider.GetUtcNow());
        if (!countNext)
        {
            await SaveAsync();
            return false;
        }

        var notBeforeWas = next!.NotBefore;
        next.Attempts++;
        next.NotBefore = null;
        var nextAttemptTrace = RecordAttemptStarted(next.Event.Id, next.Attempts);
        try
        {
            await SaveAsync();
        }
        catch
        {
            // Not stored: the next pass counts the attempt on its own.
            next.Attempts--;
            next.NotBefore = notBeforeWas;
            if (nextAttemptTrace is not null)
            {
                TraceOf(next.Event.Id)?.Turns.Remove(nextAttemptTrace);
            }

            throw;
        }

        return true;
    }

    private MessageTrace? TraceOf(string eventId) => state.State.Traces.FindLast(t => t.EventId == eventId);

    /// <summary>
    /// Starts the message's trace record (an event retried from the dead letters goes on in its old one), and forgets the
    /// oldest records of answered messages beyond the configured number; written with the inbox.
    /// </summary>
    private void RecordAccepted(InboundEvent inbound)
    {
        var kept = telemetryOptions.Value.TracedMessages;
        if (kept == 0)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        if (TraceOf(inbound.Id) is { } earlier)
        {
            earlier.AcceptedAt = now;
            earlier.AnsweredAt = null;
            earlier.DeadLetteredAt = null;
        }
        else
        {
            state.State.Traces.Add(new MessageTrace { EventId = inbound.Id, ReceivedAt = inbound.ReceivedAt, AcceptedAt = now, TraceId = MyBotTelemetry.TraceIdOf(inbound.TraceParent) });
        }

        var traces = state.State.Traces;
        for (var i = 0; traces.Count > kept && i < traces.Count;)
        {
            if (state.State.Inbox.Exists(e => e.Event.Id == traces[i].EventId))
            {
                i++;
            }
            else
            {
                traces.RemoveAt(i);
            }
        }
    }

    private TurnAttemptTrace? RecordAttemptStarted(string eventId, int attempt)
    {
        if (TraceOf(eventId) is not { } trace)
        {
            return null;
        }

        var attemptTrace = new TurnAttemptTrace { Attempt = attempt, Silo = RuntimeIdentity, StartedAt = timeProvider.GetUtcNow() };
        trace.Turns.Add(attemptTrace);
        return attemptTrace;
    }

    private void RecordAttemptEnded(TurnAttemptTrace? attemptTrace, string outcome, List<LlmCallTrace> llmCalls, string? error)
    {
        if (attemptTrace is null)
        {
            return;
        }

        attemptTrace.EndedAt = timeProvider.GetUtcNow();
        attemptTrace.Outcome = outcome;
        attemptTrace.Error = error;
        attemptTrace.LlmCalls = llmCalls;
    }

    private Task SaveAsync()
    {
        MyBotMetrics.InboxDepth.Set(this.GetPrimaryKeyString(), state.State.Inbox.Count);
        return _writer.WriteAsync();
    }

    /// <summary>After a cron job's run left the inbox: its grain shows how it ended (<c>/crons</c>).</summary>
    private Task ReportRunEndedAsync(InboundEvent inbound, string? error) =>
        inbound.Kind == InboundEventKind.Scheduled && CronRuns.TryGetJobName(this.GetPrimaryKeyString(), out var job)
            ? GrainFactory.GetGrain<ICronJobGrain>(job).RunEndedAsync(inbound.Id, error)
            : Task.CompletedTask;

    private async Task KeepTypingAsync(EventSource source, CancellationToken stop)
    {
        if (!channels.TryGet(source.Platform, out var channel))
        {
            return;
        }

        while (!stop.IsCancellationRequested)
        {
            try
            {
                await channel.SendTypingAsync(source, stop);
                await Task.Delay(options.Value.TypingInterval, timeProvider, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.TypingFailed(logger, ex, source.ToString());
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Inbound event {InboundId} was already answered or is in the inbox; skipped")]
        public static partial void Duplicate(ILogger logger, string inboundId);

        [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Attempt {Attempt} of a turn for {Source} failed; trying again in {Wait}: {Error}")]
        public static partial void TurnRetry(ILogger logger, int attempt, string source, TimeSpan wait, string error);

        [LoggerMessage(EventId = 2008, Level = LogLevel.Debug, Message = "Attempt {Attempt} of a turn for {Source} failed")]
        public static partial void TurnRetryTrace(ILogger logger, Exception exception, int attempt, string source);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "The LLM refused the request ({Kind}) for {Source} on attempt {Attempt}; the user is told")]
        public static partial void LlmFailed(ILogger logger, LlmErrorKind kind, string source, int attempt);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "The typing indicator for {Source} failed")]
        public static partial void TypingFailed(ILogger logger, Exception exception, string source);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Inbound event {InboundId} moved to the dead letters after {Attempts} attempts: {Error}")]
        public static partial void DeadLettered(ILogger logger, string inboundId, int attempts, string error);

        [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Retry {RetryId} of inbound event {InboundId} was taken back before; nothing to do")]
        public static partial void DuplicateRetry(ILogger logger, string inboundId, string retryId);

        [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Working through the inbox of {Source} failed; trying again in {Wait}")]
        public static partial void PumpFailed(ILogger logger, Exception exception, string source, TimeSpan wait);

        [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Inbound event {InboundId} was taken back from the dead letters (retry {RetryId}) and is in the inbox again")]
        public static partial void Retrying(ILogger logger, string inboundId, string retryId);
    }
}
