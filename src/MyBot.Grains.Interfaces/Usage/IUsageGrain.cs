namespace MyBot.Grains;

/// <summary>A user's token usage, keyed by <c>platform:user</c>: counted from what the LLM reports, persisted.</summary>
public interface IUsageGrain : IGrainWithStringKey
{
    /// <summary>Counts the record unless a record with its id was counted recently, so a retried write is harmless.</summary>
    Task RecordAsync(UsageRecord record);

    Task<UsageReport> GetReportAsync();

    /// <summary>The days kept (this month and the last), newest first.</summary>
    Task<IReadOnlyList<UsageDay>> GetDaysAsync();
}
