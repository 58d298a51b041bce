using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.History;
using MyBot.Agent.Tools;
using MyBot.Agent.Usage;
using MyBot.Grains.Common;
using Orleans.Hosting;

namespace MyBot.Grains.Scheduling;

/// <summary>
/// Holds a conversation's scheduled messages and hands each to the delivery grain when its reminder fires, also after
/// a restart in between.
/// </summary>
/// <remarks>
/// Each message has its own reminder, registered before the state is written, so a crash in between leaves at most a
/// reminder for a message the state does not know (unregistered when it fires), never a message without a reminder.
/// When one fires, the message goes to the delivery grain with an id derived from the message id before it leaves the
/// state: a replay hands over the same id, and the delivery grain sends it once. A reminder is never set further than
/// <see cref="MaxReminderDelay"/> ahead, and a tick before the message's time re-arms it: .NET timers take at most
/// 2^32-2 ms (49.7 days), which Orleans' reminder service only waits out in steps since 10.4 (dotnet/orleans#10260), and
/// a tick can come early when silos' clocks differ.
/// </remarks>
[GrainType("scheduled-messages")]
public sealed partial class ScheduledMessagesGrain(
    [PersistentState("scheduled")] IPersistentState<ScheduledMessagesState> state,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider timeProvider,
    ILogger<ScheduledMessagesGrain> logger) : Grain, IScheduledMessagesGrain, IRemindable
{
    public const int MaxPending = 50;

    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(400);

    /// <summary>Below the 2^32-2 ms a .NET timer accepts.</summary>
    public static readonly TimeSpan MaxReminderDelay = TimeSpan.FromDays(45);

    public async Task<ScheduledMessage> ScheduleAsync(string text, DateTimeOffset dueAt)
    {
        var now = timeProvider.GetUtcNow();
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("The message to schedule is empty.", nameof(text));
        }

        if (dueAt < now - TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"{dueAt:u} is in the past (it is now {now:u}).", nameof(dueAt));
        }

        if (dueAt > now + MaxAhead)
        {
            throw new ArgumentException($"Messages can be scheduled at most {MaxAhead.TotalDays:0} days ahead.", nameof(dueAt));
        }

        if (state.State.Pending.Count >= MaxPending)
        {
            throw new InvalidOperationException($"This chat already has {MaxPending} scheduled messages; cancel some with /reminders first.");
        }

        var message = new ScheduledMessage($"r{state.State.NextId++}", text.Trim(), dueAt, now);
        await ArmAsync(message, now);
        state.State.Pending.Add(message);
        await state.WriteStateAsync();
        return message;
    }

    public Task<IReadOnlyList<ScheduledMessage>> ListAsync() =>
        Task.FromResult<IReadOnlyList<ScheduledMessage>>([.. state.State.Pending.OrderBy(m => m.DueAt)]);

    public async Task<ScheduledMessage?> CancelAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var message = state.State.Pending.Find(m => string.Equals(m.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));
        if (message is null)
        {
            return null;
        }

        state.State.Pending.Remove(message);
        await state.WriteStateAsync();
        await UnregisterAsync(ReminderName(message.Id));
        return message;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var message = state.State.Pending.Find(m => ReminderName(m.Id) == reminderName);
        if (message is null)
        {
            Log.UnknownReminder(logger, reminderName, this.GetPrimaryKeyString());
            await UnregisterAsync(reminderName);
            return;
        }

        var now = timeProvider.GetUtcNow();
        if (message.DueAt > now)
        {
            await ArmAsync(message, now);
            return;
        }

        var key = this.GetPrimaryKeyString();
        var source = EventSource.Parse(key);
        var outbound = new OutboundEvent(OutboundEvent.CreateId($"{key}/scheduled/{message.Id}", 0), source, $"⏰ {message.Text}", now);
        await GrainFactory.GetGrain<IDeliveryGrain>(key).EnqueueAsync([outbound]);

        // Scheduled messages reach the user without an LLM call but still count against the daily budget; once per
        // message, like its delivery, even when a crash before the state write fires the reminder again.
        await GrainFactory.GetGrain<IUsageGrain>(ToolContext.UserKeyOf(source)).RecordAsync(new UsageRecord(outbound.Id, UsageLedger.ScheduledModel, 0, TokenEstimator.Estimate(message.Text)));

        state.State.Pending.Remove(message);
        await state.WriteStateAsync();
        await UnregisterAsync(reminderName);
        Log.Delivered(logger, message.Id, key, now - message.DueAt);
    }

    private static string ReminderName(string id) => $"scheduled-{id}";

    /// <summary>
    /// Due at the message's time, or after <see cref="MaxReminderDelay"/> when that is later (the tick then re-arms);
    /// the period only matters if handing the message over fails, and retries it.
    /// </summary>
    private Task ArmAsync(ScheduledMessage message, DateTimeOffset now)
    {
        var due = message.DueAt - now;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > MaxReminderDelay ? MaxReminderDelay : due;
        var period = BackstopReminder.Period(reminderOptions.Value);
        return this.RegisterOrUpdateReminder(ReminderName(message.Id), due, period);
    }

    private async Task UnregisterAsync(string reminderName)
    {
        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Scheduled message {Id} for {Source} handed to delivery ({Late} after its due time)")]
        public static partial void Delivered(ILogger logger, string id, string source, TimeSpan late);

        [LoggerMessage(2, LogLevel.Information, "Reminder {Reminder} for {Source} has no scheduled message (cancelled or already delivered); unregistered")]
        public static partial void UnknownReminder(ILogger logger, string reminder, string source);
    }
}
