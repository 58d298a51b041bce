using MyBot.Agent.Usage;

namespace MyBot.Grains.Usage;

[GrainType("usage")]
public sealed class UsageGrain([PersistentState("usage")] IPersistentState<UsageState> state, TimeProvider timeProvider) : Grain, IUsageGrain
{
    /// <summary>The day the directory last heard of this user from this activation: it is told once a day, and again after a failed call.</summary>
    private DateOnly? _listedOn;

    public async Task RecordAsync(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var today = Today();
        if (UsageLedger.Apply(state.State, today, record))
        {
            await state.WriteStateAsync();
        }

        if (_listedOn != today && UsageLedger.TokensOn(state.State, today) > 0)
        {
            await GrainFactory.GetUsageDirectoryShard(this.GetPrimaryKeyString()).AddAsync(this.GetPrimaryKeyString(), today);
            _listedOn = today;
        }
    }

    public Task<UsageReport> GetReportAsync() => Task.FromResult(UsageLedger.Report(state.State, Today()));

    public Task<IReadOnlyList<UsageDay>> GetDaysAsync() => Task.FromResult(UsageLedger.Days(state.State));

    private DateOnly Today() => DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
}
