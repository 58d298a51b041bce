using System.ComponentModel.DataAnnotations;

namespace MyBot.Agent.History;

public sealed class HistoryOptions
{
    public const string SectionName = "MyBot:History";

    /// <summary>Tokens a request may carry (system prompt, summary, recent messages) before older turns are summarised.</summary>
    [Range(500, 2_000_000)]
    public int ContextTokens { get; set; } = 16_000;

    /// <summary>Per-model overrides of <see cref="ContextTokens"/> (<c>MyBot:History:Models:&lt;model&gt;</c>).</summary>
    public Dictionary<string, int> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Messages never folded into the summary, so the model always sees the latest exchange verbatim.</summary>
    [Range(0, 100)]
    public int KeepRecentMessages { get; set; } = 6;

    /// <summary>Recent messages kept at most, however short: bounds the state size on its own.</summary>
    [Range(2, 1000)]
    public int MaxRecentMessages { get; set; } = 60;

    /// <summary>A message longer than this is cut in the state (the transcript keeps it whole).</summary>
    [Range(200, 1_000_000)]
    public int MaxMessageChars { get; set; } = 8_000;

    /// <summary>Characters of the summary at most; the summariser is asked to stay well below.</summary>
    [Range(200, 1_000_000)]
    public int MaxSummaryChars { get; set; } = 6_000;

    public int BudgetFor(string model) => Models.TryGetValue(model, out var budget) && budget > 0 ? budget : ContextTokens;
}
