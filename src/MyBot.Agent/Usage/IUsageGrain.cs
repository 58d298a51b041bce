using MyBot.Runtime;

namespace MyBot.Agent.Usage;

/// <summary>A user's token usage, keyed by <c>platform:user</c>: counted from what the LLM reports, persisted.</summary>
public interface IUsageGrain : IGrainWithStringKey
{
    Task RecordAsync(string model, long inputTokens, long outputTokens);

    Task<UsageReport> GetReportAsync();
}
