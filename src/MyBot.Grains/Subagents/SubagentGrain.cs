using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.Subagents;

namespace MyBot.Grains.Subagents;

/// <summary>
/// The session of one dispatched task (key: <see cref="SubagentTask.SessionKeyFor"/>). It runs the task once, within
/// <c>MyBot:Subagents:TimeLimit</c>, and keeps the answer, so the caller's turn attempted again after a failure or a
/// crash gets the same answer without a second run; a call that arrives while the task runs waits for it (the grain is
/// not reentrant). The answer is forgotten a day later, long after the caller's last attempt.
/// </summary>
[GrainType("subagent")]
public sealed partial class SubagentGrain(
    [PersistentState("subagent")] IPersistentState<SubagentState> state,
    SubagentRunner runner,
    IOptions<SubagentOptions> options,
    TimeProvider timeProvider,
    ILogger<SubagentGrain> logger) : Grain, ISubagentGrain, IRemindable
{
    private const string ForgetReminder = "forget";

    // The caller's turn is attempted again for minutes at most (MyBot:Session), or after a restart.
    private static readonly TimeSpan KeepAnswerFor = TimeSpan.FromDays(1);

    public async Task<SubagentAnswer> RunAsync(SubagentTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var key = this.GetPrimaryKeyString();
        if (state.State.Answer is { } answered)
        {
            Log.Reused(logger, task.Agent, key);
            return answered;
        }

        var limit = options.Value.TimeLimit;
        using var timeout = new CancellationTokenSource(limit, timeProvider);
        SubagentAnswer answer;
        try
        {
            // WaitAsync ends the wait even when something in the run does not watch the token.
            answer = await runner.RunAsync(key, state.State.Conversation, task, timeout.Token).WaitAsync(timeout.Token);
        }
        catch (Exception ex) when (timeout.IsCancellationRequested)
        {
            Log.TimedOut(logger, ex, task.Agent, key, limit);
            answer = new SubagentAnswer($"The agent '{task.Agent}' did not finish the task within {limit}.", IsError: true);
        }

        state.State.Answer = answer;
        await this.RegisterOrUpdateReminder(ForgetReminder, KeepAnswerFor, KeepAnswerFor);
        await state.WriteStateAsync();
        return answer;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ForgetReminder)
        {
            return;
        }

        // Cleared before the reminder goes: a crash in between leaves a reminder that clears nothing, never a state kept for ever.
        await state.ClearStateAsync();
        if (await this.GetReminder(ForgetReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        DeactivateOnIdle();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2300, Level = LogLevel.Information, Message = "Subagent '{Agent}' answered {Session} before; the answer is returned again without a run")]
        public static partial void Reused(ILogger logger, string agent, string session);

        [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Subagent '{Agent}' did not finish {Session} within {Limit}; the caller gets an error")]
        public static partial void TimedOut(ILogger logger, Exception exception, string agent, string session, TimeSpan limit);
    }
}
