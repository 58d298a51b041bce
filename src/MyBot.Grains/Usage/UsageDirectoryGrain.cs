namespace MyBot.Grains.Usage;

[GrainType("usage-directory")]
public sealed class UsageDirectoryGrain([PersistentState("usage-directory")] IPersistentState<UsageDirectoryState> state, TimeProvider timeProvider)
    : Grain, IUsageDirectoryGrain
{
    public async Task AddAsync(string userKey, DateOnly day)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userKey);
        var days = state.State.LastDay;
        if (days.TryGetValue(userKey, out var known) && known >= day)
        {
            return;
        }

        days[userKey] = day;

        // A usage grain keeps this month and the last: a user whose last day is older has nothing left to show.
        var oldest = OldestKept();
        foreach (var gone in days.Where(d => d.Value < oldest).Select(d => d.Key).ToList())
        {
            days.Remove(gone);
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> ListAsync()
    {
        var oldest = OldestKept();
        return Task.FromResult<IReadOnlyList<string>>(
            [.. state.State.LastDay.Where(d => d.Value >= oldest).Select(d => d.Key).Order(StringComparer.Ordinal)]);
    }

    private DateOnly OldestKept()
    {
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        return new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
    }
}
