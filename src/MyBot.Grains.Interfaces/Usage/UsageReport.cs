namespace MyBot.Grains;

[GenerateSerializer]
[Immutable]
[Alias("mybot.usage-report")]
public sealed record UsageReport(
    [property: Id(0)] DateOnly Today,
    [property: Id(1)] IReadOnlyDictionary<string, ModelUsage> TodayByModel,
    [property: Id(2)] IReadOnlyDictionary<string, ModelUsage> MonthByModel)
{
    public long TodayTokens => TodayByModel.Values.Sum(m => m.TotalTokens);

    public long MonthTokens => MonthByModel.Values.Sum(m => m.TotalTokens);
}
