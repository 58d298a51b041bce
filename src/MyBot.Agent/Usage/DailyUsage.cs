namespace MyBot.Agent.Usage;

public sealed class DailyUsage
{
    public DateOnly Day { get; set; }

    /// <summary>By model id; scheduled deliveries count under <see cref="UsageLedger.ScheduledModel"/>.</summary>
    public Dictionary<string, ModelUsage> Models { get; set; } = [];
}
