using System.ComponentModel.DataAnnotations;

namespace MyBot.Agent.Subagents;

/// <summary>Bound from <c>MyBot:Subagents</c>: how far and how long agents may hand work to each other.</summary>
public sealed class SubagentOptions
{
    public const string SectionName = "MyBot:Subagents";

    /// <summary>Levels of subagents below the agent the user talks to; an agent at the last level is not offered <c>dispatch_agent</c>.</summary>
    [Range(1, 5)]
    public int MaxDepth { get; set; } = 2;

    /// <summary>How long one dispatched task may run before the caller gets an error instead of an answer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Tokens one dispatched task may use (its own budget, on top of the user's daily one); 0 = no limit of its own.</summary>
    [Range(0, 10_000_000)]
    public int MaxTokens { get; set; } = 50_000;
}
