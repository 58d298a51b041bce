using MyBot.Agent.Conversation;

namespace MyBot.Grains.Subagents;

[GenerateSerializer]
[Alias("mybot.subagent-state")]
public sealed class SubagentState
{
    [Id(0)]
    public AgentSessionState Conversation { get; set; } = new();

    /// <summary>Set once the task has ended (answered or failed for good); a later call gets it instead of a second run.</summary>
    [Id(1)]
    public SubagentAnswer? Answer { get; set; }
}
