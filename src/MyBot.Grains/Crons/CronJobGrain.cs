using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Crons;
using MyBot.Agent.Identity;
using MyBot.Grains.Common;
using MyBot.Grains.Scheduling;
using Orleans.Hosting;

namespace MyBot.Grains.Crons;

/// <summary>
/// Runs one cron job at the slots of its schedule, on one durable reminder re-armed for the next slot at every tick.
/// </summary>
/// <remarks>
/// <para>
/// A tick runs the latest slot due since the last run, if any: after a downtime that missed several slots the job runs
/// once, not once per slot. A run is handed to the job's session (key <c>cron:&lt;job&gt;</c>) with an id derived from
/// the job and the slot, before the slot is written as done: a crash in between hands over the same id again, and the
/// session drops it; the session's answer goes to the delivery grain with an id derived from it, so it is sent once
/// even when the turn is cut and run again. Single activation keeps two silos from running a slot twice.
/// </para>
/// <para>
/// The reminder is never set further than <see cref="ScheduledMessagesGrain.MaxReminderDelay"/> ahead (a tick before
/// the slot re-arms it), and its period only matters when a tick fails: it is the retry.
/// </para>
/// </remarks>
[GrainType("cron-job")]
public sealed partial class CronJobGrain(
    [PersistentState("cron")] IPersistentState<CronJobState> state,
    ICronCatalog catalog,
    IAgentCatalog agents,
    IdentityDirectory identities,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider timeProvider,
    ILogger<CronJobGrain> logger) : Grain, ICronJobGrain, IRemindable
{
    private const string ReminderName = "cron";

    private string Name => this.GetPrimaryKeyString();

    public async Task ConfigureAsync(CronJobDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var previous = state.State.Definition;
        if (previous is null || previous.Schedule != definition.Schedule || previous.TimeZone != definition.TimeZone || (definition.Enabled && !previous.Enabled))
        {
            // Slots before now belong to no schedule the job had while it was enabled: they do not run.
            state.State.Since = timeProvider.GetUtcNow();
        }

        state.State.Definition = definition;
        await TickAsync();
    }

    public async Task RemoveAsync()
    {
        if (state.State.Definition is null)
        {
            return;
        }

        await UnregisterAsync();
        state.State = new CronJobState();
        await state.WriteStateAsync();
        Log.Removed(logger, Name);
    }

    public Task<CronJobStatus?> GetStatusAsync()
    {
        var s = state.State;
        return Task.FromResult(s.Definition is not { } d
            ? null
            : new CronJobStatus(d.Name, d.Schedule, d.TimeZone, d.Agent, d.DeliverTo, d.Enabled, s.LastSlot, s.LastRunAt, s.LastRunEndedAt, s.NextRunAt, s.LastError, s.Runs));
    }

    public async Task RunEndedAsync(string runId, string? error)
    {
        if (runId != state.State.LastRunId || state.State.LastRunEndedAt is not null)
        {
            return;
        }

        state.State.LastRunEndedAt = timeProvider.GetUtcNow();
        state.State.LastError = error;
        await state.WriteStateAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The file was deleted while no silo watched: this silo's workspace is the word on whether the job exists.
        if (!catalog.Jobs.Any(j => j.Name == Name) && !catalog.Errors.Any(e => e.Name == Name))
        {
            await UnregisterAsync();
            if (state.State.Definition is not null)
            {
                state.State = new CronJobState();
                await state.WriteStateAsync();
                Log.Removed(logger, Name);
            }

            return;
        }

        await TickAsync();
    }

    private async Task TickAsync()
    {
        var definition = state.State.Definition;
        if (definition is null || !definition.Enabled)
        {
            await UnregisterAsync();
            state.State.NextRunAt = null;
            await state.WriteStateAsync();
            return;
        }

        var now = timeProvider.GetUtcNow();
        var zone = Zone(definition.TimeZone);
        var schedule = CronFileParser.ParseExpression(definition.Schedule);
        var after = Later(state.State.Since, state.State.LastSlot) ?? now;
        var due = schedule.GetOccurrences(after, now, zone, fromInclusive: false, toInclusive: true).Select(o => (DateTimeOffset?)o).LastOrDefault();
        if (due is { } slot)
        {
            await RunAsync(definition, slot, now);
        }

        var next = schedule.GetNextOccurrence(now, zone, inclusive: false);
        state.State.NextRunAt = next;
        if (next is { } nextSlot)
        {
            var wait = nextSlot - now;
            await this.RegisterOrUpdateReminder(ReminderName, wait > ScheduledMessagesGrain.MaxReminderDelay ? ScheduledMessagesGrain.MaxReminderDelay : wait, BackstopReminder.Period(reminderOptions.Value));
        }
        else
        {
            await UnregisterAsync();
        }

        await state.WriteStateAsync();
    }

    private async Task RunAsync(CronJobDefinition definition, DateTimeOffset slot, DateTimeOffset now)
    {
        var runId = CronRuns.RunId(definition.Name, slot);
        var (target, error) = await TargetAsync(definition);
        if (target is not null)
        {
            var run = new InboundEvent(runId, target, definition.Prompt, now, Kind: InboundEventKind.Scheduled, Agent: definition.Agent);
            await GrainFactory.GetGrain<ISessionGrain>(CronRuns.SessionKey(definition.Name)).EnqueueAsync(run);
            Log.Started(logger, definition.Name, slot, now - slot);
        }
        else
        {
            Log.NotStarted(logger, definition.Name, slot, error!);
        }

        state.State.LastSlot = slot;
        state.State.LastRunAt = now;
        state.State.LastRunId = runId;
        state.State.LastRunEndedAt = target is null ? now : null;
        state.State.LastError = error;
        state.State.Runs++;
    }

    private async Task<(EventSource? Target, string? Error)> TargetAsync(CronJobDefinition definition)
    {
        if (agents.Find(definition.Agent) is null)
        {
            return (null, $"The agent '{definition.Agent}' is not loaded (see /agents).");
        }

        if (EventSource.TryParse(definition.DeliverTo, out var source))
        {
            return (source, null);
        }

        if (!identities.IsKnown(definition.DeliverTo))
        {
            return (null, $"deliver_to '{definition.DeliverTo}' is not an event source nor a configured identity (MyBot:Identities).");
        }

        return await identities.ReachAsync(definition.DeliverTo) is { } reached
            ? (reached, null)
            : (null, $"The identity '{definition.DeliverTo}' has no account to write to.");
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    private async Task UnregisterAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Cron job {Job}: the run of {Slot:u} started ({Late} after its slot)")]
        public static partial void Started(ILogger logger, string job, DateTimeOffset slot, TimeSpan late);

        [LoggerMessage(2, LogLevel.Warning, "Cron job {Job}: the run of {Slot:u} could not start: {Error}")]
        public static partial void NotStarted(ILogger logger, string job, DateTimeOffset slot, string error);

        [LoggerMessage(3, LogLevel.Information, "Cron job {Job} was removed; no more runs")]
        public static partial void Removed(ILogger logger, string job);
    }
}
