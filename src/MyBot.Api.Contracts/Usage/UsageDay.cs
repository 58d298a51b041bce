namespace MyBot.Api.Contracts.Usage;

/// <summary>A user's tokens on one UTC day; <paramref name="Cost"/> is null when a model used has no price.</summary>
public sealed record UsageDay(DateOnly Day, long InputTokens, long OutputTokens, decimal? Cost, IReadOnlyList<ModelTokens> Models);
