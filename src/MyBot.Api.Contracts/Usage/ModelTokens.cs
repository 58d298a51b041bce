namespace MyBot.Api.Contracts.Usage;

/// <summary>Tokens of one model; <paramref name="Cost"/> is null when no price is configured for it.</summary>
public sealed record ModelTokens(string Model, long InputTokens, long OutputTokens, decimal? Cost);
