using Microsoft.Extensions.AI;
using MyBot.Agent.Tools;
using MyBot.Agent.Usage;
using MyBot.Channels;

namespace MyBot.Agent.Conversation;

/// <summary>
/// Counts one run of a turn's LLM calls against the user's budget as they happen, and refuses the next call once the
/// budget is used up.
/// </summary>
/// <remarks>
/// The rule for counting: every LLM call the provider really served counts once. Each call gets a record id made of
/// this run's id and the call's index in the run, so the same record sent twice (a retried write) counts once. A run
/// is one execution of the turn: when the stream redelivers the event after a failure or a crash, the new run asks the
/// model again and is billed again, so it gets a new run id and its calls count too. The run id is random rather than
/// built from the inbound id and attempt number because the attempt number can repeat after a crash (it restarts from
/// the queue's dequeue count), which would silently drop calls that really happened. Each served call is also added to
/// <paramref name="calls"/> (model, start, duration, tokens) when the caller keeps them, for <c>mybot trace</c>.
/// </remarks>
public sealed class TurnMeter(BudgetGate budget, EventSource source, AgentSessionState state, string runId, TimeProvider timeProvider, ICollection<LlmCallTrace>? calls = null) : ILlmCallMeter
{
    private int _calls;
    private bool _checkedSinceLastCall;
    private long _callStarted;

    public static TurnMeter Start(BudgetGate budget, EventSource source, AgentSessionState state, TimeProvider timeProvider, ICollection<LlmCallTrace>? calls = null) =>
        new(budget, source, state, Guid.NewGuid().ToString("N"), timeProvider, calls);

    public async Task<string?> BeforeCallAsync(CancellationToken cancellationToken)
    {
        _callStarted = timeProvider.GetTimestamp();
        // Nothing was counted since the last check that passed, so the answer cannot have changed.
        if (_checkedSinceLastCall)
        {
            return null;
        }

        var refusal = await budget.CheckAsync(source, midTurn: _calls > 0);
        _checkedSinceLastCall = refusal is null;
        return refusal;
    }

    public async Task AfterCallAsync(string model, UsageDetails usage, CancellationToken cancellationToken)
    {
        var index = _calls++;
        _checkedSinceLastCall = false;
        var input = usage.InputTokenCount ?? 0;
        var output = usage.OutputTokenCount ?? 0;
        state.History.Tokens += usage.TotalTokenCount ?? input + output;
        var duration = timeProvider.GetElapsedTime(_callStarted);
        calls?.Add(new LlmCallTrace(model, timeProvider.GetUtcNow() - duration, duration, input, output));
        await budget.RecordAsync(source, new UsageRecord($"{runId}:{index}", model, input, output));
    }
}
