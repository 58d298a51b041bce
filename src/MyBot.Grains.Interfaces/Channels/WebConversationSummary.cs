namespace MyBot.Grains;

[GenerateSerializer]
[Immutable]
[Alias("mybot.web-conversation-summary")]
public sealed record WebConversationSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] DateTimeOffset LastActiveAt);
