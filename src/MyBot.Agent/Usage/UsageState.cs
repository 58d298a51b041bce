namespace MyBot.Agent.Usage;

/// <summary>A user's token usage per UTC day; only this month and the previous one are kept, so the record stays small.</summary>
[GenerateSerializer]
[Alias("mybot.usage-state")]
public sealed class UsageState
{
    [Id(0)]
    public List<DailyUsage> Days { get; set; } = [];

    /// <summary>Ids of the records counted last, newest last, at most <see cref="UsageLedger.RecordIdWindow"/>.</summary>
    [Id(1)]
    public List<string> RecentRecordIds { get; set; } = [];
}
