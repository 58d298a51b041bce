namespace MyBot.Grains;

/// <summary>A reply as <c>GET /api/messages</c> returns it; <paramref name="Seq"/> increases per source.</summary>
[GenerateSerializer]
[Immutable]
[Alias("mybot.http-reply")]
public sealed record HttpReply(
    [property: Id(0)] long Seq,
    [property: Id(1)] string Id,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset At);
