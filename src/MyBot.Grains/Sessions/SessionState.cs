using MyBot.Agent.Conversation;

namespace MyBot.Agent.Sessions;

/// <summary>Bounded whatever the number of turns: the conversation keeps a window and a summary, the dedupe list a fixed count.</summary>
public sealed class SessionState
{
    public AgentSessionState Conversation { get; set; } = new();

    /// <summary>Ids of the inbound events already answered, newest last: a redelivered event is recognised and skipped.</summary>
    public List<string> Processed { get; set; } = [];
}
