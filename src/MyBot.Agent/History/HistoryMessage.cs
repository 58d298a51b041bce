namespace MyBot.Agent.History;

/// <param name="Role"><c>user</c> or <c>assistant</c>; tool calls stay in the transcript only.</param>
[GenerateSerializer]
[Immutable]
[Alias("mybot.history-message")]
public sealed record HistoryMessage([property: Id(0)] string Role, [property: Id(1)] string Text, [property: Id(2)] DateTimeOffset At)
{
    public const string User = "user";
    public const string Assistant = "assistant";
}
