using MyBot.Runtime;

namespace MyBot.Agent.Usage;

[GrainType("usage")]
public sealed class UsageGrain([PersistentState("usage")] IPersistentState<UsageState> state) : Grain, IUsageGrain
{
    public async Task RecordAsync(UsageRecord record)
    {
        if (UsageLedger.Apply(state.State, Today(), record))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<UsageReport> GetReportAsync() => Task.FromResult(UsageLedger.Report(state.State, Today()));

    private DateOnly Today() => DateOnly.FromDateTime(GrainContext.TimeProvider.GetUtcNow().UtcDateTime);
}
