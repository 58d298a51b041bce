namespace MyBot.Grains;

/// <summary>A <c>crons/&lt;name&gt;/CRON.md</c> as the job's grain keeps it, so a reminder firing on any silo knows what to run.</summary>
/// <param name="Schedule">A 5-field cron expression.</param>
/// <param name="TimeZone">The IANA time zone the schedule is read in; null for UTC.</param>
/// <param name="DeliverTo">An EventSource string, or the name of an identity (<c>owner</c>).</param>
/// <param name="Prompt">The message the agent gets on each run.</param>
[GenerateSerializer]
[Immutable]
[Alias("mybot.cron-job-definition")]
public sealed record CronJobDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string Schedule,
    [property: Id(2)] string? TimeZone,
    [property: Id(3)] string Agent,
    [property: Id(4)] string DeliverTo,
    [property: Id(5)] bool Enabled,
    [property: Id(6)] string Prompt);
