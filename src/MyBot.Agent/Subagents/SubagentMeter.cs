using Microsoft.Extensions.AI;
using MyBot.Agent.Tools;

namespace MyBot.Agent.Subagents;

/// <summary>
/// A dispatched task's own token budget on top of the user's: the inner meter counts every call to the user (so the
/// caller's usage includes the subagent's) and applies the daily budget; this one stops the task at its own cap.
/// </summary>
public sealed class SubagentMeter(ILlmCallMeter inner, string agent, int maxTokens) : ILlmCallMeter
{
    private long _used;

    public Task<string?> BeforeCallAsync(CancellationToken cancellationToken) =>
        maxTokens > 0 && _used >= maxTokens
            ? Task.FromResult<string?>($"The agent '{agent}' stopped: the task used {_used} tokens of its budget of {maxTokens} before it had an answer.")
            : inner.BeforeCallAsync(cancellationToken);

    public Task AfterCallAsync(string model, UsageDetails usage, CancellationToken cancellationToken)
    {
        _used += usage.TotalTokenCount ?? (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0);
        return inner.AfterCallAsync(model, usage, cancellationToken);
    }
}
