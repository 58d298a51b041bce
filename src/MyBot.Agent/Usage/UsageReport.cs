namespace MyBot.Agent.Usage;

public sealed record UsageReport(DateOnly Today, IReadOnlyDictionary<string, ModelUsage> TodayByModel, IReadOnlyDictionary<string, ModelUsage> MonthByModel)
{
    public long TodayTokens => TodayByModel.Values.Sum(m => m.TotalTokens);

    public long MonthTokens => MonthByModel.Values.Sum(m => m.TotalTokens);
}
