namespace MyBot.Agent.Usage;

public sealed class UsageOptions
{
    public const string SectionName = "MyBot:Usage";

    /// <summary>Prices by model id (<c>MyBot:Usage:Prices:&lt;model&gt;:InputPerMillion</c>), for <c>/usage</c> estimates.</summary>
    public Dictionary<string, ModelPrice> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Shown after amounts, e.g. <c>USD</c>.</summary>
    public string Currency { get; set; } = "USD";

    public decimal? EstimateCost(string model, ModelUsage usage) =>
        Prices.TryGetValue(model, out var price)
            ? ((usage.InputTokens * price.InputPerMillion) + (usage.OutputTokens * price.OutputPerMillion)) / 1_000_000m
            : null;
}
