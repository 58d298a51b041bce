namespace MyBot.Grains.Crons;

[GenerateSerializer]
[Alias("mybot.cron-job-state")]
public sealed class CronJobState
{
    [Id(0)]
    public CronJobDefinition? Definition { get; set; }

    /// <summary>Slots after this run: when the job was first seen, or its schedule changed or it was enabled again.</summary>
    [Id(1)]
    public DateTimeOffset? Since { get; set; }

    [Id(2)]
    public DateTimeOffset? LastSlot { get; set; }

    [Id(3)]
    public DateTimeOffset? LastRunAt { get; set; }

    [Id(4)]
    public string? LastRunId { get; set; }

    [Id(5)]
    public DateTimeOffset? LastRunEndedAt { get; set; }

    [Id(6)]
    public DateTimeOffset? NextRunAt { get; set; }

    [Id(7)]
    public string? LastError { get; set; }

    [Id(8)]
    public int Runs { get; set; }
}
