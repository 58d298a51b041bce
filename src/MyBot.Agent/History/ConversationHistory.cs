namespace MyBot.Agent.History;

/// <summary>
/// What the session keeps of its conversation: a summary of older turns and a bounded window of recent messages.
/// Everything else is in the transcript, so the state does not grow with the number of turns.
/// </summary>
public sealed class ConversationHistory
{
    public string SessionId { get; set; } = string.Empty;

    public DateTimeOffset StartedAt { get; set; }

    public string? Summary { get; set; }

    public List<HistoryMessage> Recent { get; set; } = [];

    /// <summary>Messages in this session, including those folded into <see cref="Summary"/>.</summary>
    public int MessageCount { get; set; }

    /// <summary>Tokens the LLM reported for this session.</summary>
    public long Tokens { get; set; }

    public static ConversationHistory Start(DateTimeOffset now) => new() { SessionId = SessionIds.Create(now), StartedAt = now };
}
