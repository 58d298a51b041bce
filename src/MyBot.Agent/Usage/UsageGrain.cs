using MyBot.Runtime;

namespace MyBot.Agent.Usage;

[GrainType("usage")]
public sealed class UsageGrain([PersistentState("usage")] IPersistentState<UsageState> state) : Grain, IUsageGrain
{
    public async Task RecordAsync(string model, long inputTokens, long outputTokens)
    {
        UsageLedger.Record(state.State, Today(), model, inputTokens, outputTokens);
        await state.WriteStateAsync();
    }

    public Task<UsageReport> GetReportAsync() => Task.FromResult(UsageLedger.Report(state.State, Today()));

    private DateOnly Today() => DateOnly.FromDateTime(GrainContext.TimeProvider.GetUtcNow().UtcDateTime);
}
