namespace MyBot.Agent.History;

/// <summary>
/// What the session keeps of its conversation: a summary of older turns and a bounded window of recent messages.
/// Everything else is in the transcript, so the state does not grow with the number of turns.
/// </summary>
[GenerateSerializer]
[Alias("mybot.conversation-history")]
public sealed class ConversationHistory
{
    [Id(0)]
    public string SessionId { get; set; } = string.Empty;

    [Id(1)]
    public DateTimeOffset StartedAt { get; set; }

    [Id(2)]
    public string? Summary { get; set; }

    [Id(3)]
    public List<HistoryMessage> Recent { get; set; } = [];

    /// <summary>Messages in this session, including those folded into <see cref="Summary"/>.</summary>
    [Id(4)]
    public int MessageCount { get; set; }

    /// <summary>Tokens the LLM reported for this session.</summary>
    [Id(5)]
    public long Tokens { get; set; }

    public static ConversationHistory Start(DateTimeOffset now) => new() { SessionId = SessionIds.Create(now), StartedAt = now };
}
