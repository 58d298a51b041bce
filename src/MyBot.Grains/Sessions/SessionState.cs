using MyBot.Agent.Conversation;

namespace MyBot.Grains.Sessions;

/// <summary>Bounded whatever the number of turns: the conversation keeps a window and a summary, the dedupe lists a fixed count.</summary>
[GenerateSerializer]
[Alias("mybot.session-state")]
public sealed class SessionState
{
    [Id(0)]
    public AgentSessionState Conversation { get; set; } = new();

    /// <summary>Ids of the inbound events already answered, newest last: a redelivered event is recognised and skipped.</summary>
    [Id(1)]
    public List<string> Answered { get; set; } = [];

    /// <summary>Events accepted from the stream and not yet answered, oldest first: the turns run from here, in order.</summary>
    [Id(2)]
    public List<InboxEntry> Inbox { get; set; } = [];

    /// <summary>Ids of dead-letter retries already taken back, newest last.</summary>
    [Id(3)]
    public List<string> Retried { get; set; } = [];

    /// <summary>The way of the recent messages, oldest first, for <c>mybot trace</c>; bounded by <c>MyBot:Telemetry:TracedMessages</c>.</summary>
    [Id(4)]
    public List<MessageTrace> Traces { get; set; } = [];
}
