namespace MyBot.Grains;

/// <summary>A user's tokens on one UTC day, by model.</summary>
[GenerateSerializer]
[Immutable]
[Alias("mybot.usage-day")]
public sealed record UsageDay(
    [property: Id(0)] DateOnly Day,
    [property: Id(1)] IReadOnlyDictionary<string, ModelUsage> ByModel);
