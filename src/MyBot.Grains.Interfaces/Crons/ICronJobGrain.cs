namespace MyBot.Grains;

/// <summary>
/// One scheduled job (key: the job's name), driven by a durable reminder: each slot of its schedule runs once, as a turn
/// of its agent in the job's own session, whose answer goes to the job's <see cref="CronJobDefinition.DeliverTo"/>.
/// </summary>
public interface ICronJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes the job's definition as it is on disk (at start and after each change) and arms the reminder for its next
    /// slot. A slot missed since the job was last configured runs now, once, however many were missed.
    /// </summary>
    Task ConfigureAsync(CronJobDefinition definition);

    /// <summary>The job's file is gone: no more runs.</summary>
    Task RemoveAsync();

    /// <summary>Null when the job was never configured or was removed.</summary>
    Task<CronJobStatus?> GetStatusAsync();

    /// <summary>The session tells how a run's turn ended: <paramref name="error"/> is null when it was answered.</summary>
    Task RunEndedAsync(string runId, string? error);
}
