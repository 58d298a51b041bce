using MyBot.Agent.History;

namespace MyBot.Agent.Conversation;

/// <summary>The agent's part of a session's grain state; bounded in size whatever the number of turns.</summary>
[GenerateSerializer]
[Alias("mybot.agent-session-state")]
public sealed class AgentSessionState
{
    /// <summary>The agent picked with <c>/agent</c>; null follows bindings and the default.</summary>
    [Id(0)]
    public string? SelectedAgent { get; set; }

    [Id(1)]
    public ConversationHistory History { get; set; } = new();
}
