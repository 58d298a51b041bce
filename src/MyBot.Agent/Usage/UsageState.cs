namespace MyBot.Agent.Usage;

/// <summary>A user's token usage per UTC day; only this month and the previous one are kept, so the record stays small.</summary>
public sealed class UsageState
{
    public List<DailyUsage> Days { get; set; } = [];
}
