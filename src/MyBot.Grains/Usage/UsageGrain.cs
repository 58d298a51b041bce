using MyBot.Agent.Usage;

namespace MyBot.Grains.Usage;

[GrainType("usage")]
public sealed class UsageGrain([PersistentState("usage")] IPersistentState<UsageState> state, TimeProvider timeProvider) : Grain, IUsageGrain
{
    public async Task RecordAsync(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (UsageLedger.Apply(state.State, Today(), record))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<UsageReport> GetReportAsync() => Task.FromResult(UsageLedger.Report(state.State, Today()));

    private DateOnly Today() => DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
}
