namespace MyBot.Agent.History;

/// <param name="Role"><c>user</c> or <c>assistant</c>; tool calls stay in the transcript only.</param>
public sealed record HistoryMessage(string Role, string Text, DateTimeOffset At)
{
    public const string User = "user";
    public const string Assistant = "assistant";
}
