namespace MyBot.Agent.History;

/// <param name="Role"><c>user</c>, <c>assistant</c>, <c>tool</c>, <c>command</c>, <c>summary</c> or <c>system</c>.</param>
/// <param name="InboundId">The message this entry belongs to: a turn replayed after a crash appends again, and readers can tell.</param>
/// <param name="Tool">The tool called or answering, for tool entries.</param>
public sealed record TranscriptEntry(DateTimeOffset At, string Role, string Text, string? InboundId = null, string? Tool = null);
