using MyBot.Agent.History;

namespace MyBot.Agent.Conversation;

/// <summary>The agent's part of a session's grain state; bounded in size whatever the number of turns.</summary>
public sealed class AgentSessionState
{
    /// <summary>The agent picked with <c>/agent</c>; null follows bindings and the default.</summary>
    public string? SelectedAgent { get; set; }

    public ConversationHistory History { get; set; } = new();
}
