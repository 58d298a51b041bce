namespace MyBot.Grains;

/// <summary>The tokens of one LLM call (or one scheduled message), as the usage grain counts them.</summary>
/// <param name="Id">Names the call, not the turn: the grain counts a record id once, so a retried write is harmless.</param>
[GenerateSerializer]
[Immutable]
[Alias("mybot.usage-record")]
public sealed record UsageRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Model,
    [property: Id(2)] long InputTokens,
    [property: Id(3)] long OutputTokens);
