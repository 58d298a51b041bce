namespace MyBot.Grains;

/// <summary>What <c>/crons</c> and <c>GET /api/admin/crons</c> show of a job.</summary>
/// <param name="LastSlot">The schedule time of the last run handed to the agent.</param>
/// <param name="LastRunAt">When that run started; later than its slot after a downtime.</param>
/// <param name="LastRunEndedAt">When its turn ended (answered, or given up on); null while it runs.</param>
/// <param name="NextRunAt">The next slot; null when the job is disabled.</param>
/// <param name="LastError">Why the last run failed, or null when it did not.</param>
[GenerateSerializer]
[Immutable]
[Alias("mybot.cron-job-status")]
public sealed record CronJobStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] string Schedule,
    [property: Id(2)] string? TimeZone,
    [property: Id(3)] string Agent,
    [property: Id(4)] string DeliverTo,
    [property: Id(5)] bool Enabled,
    [property: Id(6)] DateTimeOffset? LastSlot,
    [property: Id(7)] DateTimeOffset? LastRunAt,
    [property: Id(8)] DateTimeOffset? LastRunEndedAt,
    [property: Id(9)] DateTimeOffset? NextRunAt,
    [property: Id(10)] string? LastError,
    [property: Id(11)] int Runs)
{
    /// <summary>A job whose grain has no runs yet (or has not been handed the job yet).</summary>
    public static CronJobStatus NeverRun(CronJobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.Name, job.Schedule, job.TimeZone, job.Agent, job.DeliverTo, job.Enabled, null, null, null, null, null, 0);
    }
}
