namespace MyBot.Grains;

[GenerateSerializer]
[Immutable]
[Alias("mybot.llm-call-trace")]
public sealed record LlmCallTrace(
    [property: Id(0)] string Model,
    [property: Id(1)] DateTimeOffset StartedAt,
    [property: Id(2)] TimeSpan Duration,
    [property: Id(3)] long InputTokens,
    [property: Id(4)] long OutputTokens);
