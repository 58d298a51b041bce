namespace MyBot.Agent.Usage;

[GenerateSerializer]
[Alias("mybot.daily-usage")]
public sealed class DailyUsage
{
    [Id(0)]
    public DateOnly Day { get; set; }

    /// <summary>By model id; scheduled deliveries count under <see cref="UsageLedger.ScheduledModel"/>.</summary>
    [Id(1)]
    public Dictionary<string, ModelUsage> Models { get; set; } = [];
}
