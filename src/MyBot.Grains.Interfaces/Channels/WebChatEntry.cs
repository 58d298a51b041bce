namespace MyBot.Grains;

/// <summary>One message of a browser conversation; <paramref name="Seq"/> increases per conversation and orders the page.</summary>
[GenerateSerializer]
[Immutable]
[Alias("mybot.web-chat-entry")]
public sealed record WebChatEntry(
    [property: Id(0)] long Seq,
    [property: Id(1)] string Id,
    [property: Id(2)] WebChatRole Role,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset At);
