namespace MyBot.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    Task<int> SlowIncrementAsync(TaskCompletionSource gate);

    Task ScheduleAsync(DateTimeOffset dueAt);

    Task<List<DateTimeOffset>> FiredAsync();
}

public sealed class CounterState
{
    public int Count { get; set; }

    public List<DateTimeOffset> Fired { get; set; } = [];
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state, ConcurrencyProbe probe) : Grain, ICounterGrain, IRemindable
{
    public async Task<int> IncrementAsync()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Count);

    public async Task<int> SlowIncrementAsync(TaskCompletionSource gate)
    {
        using (probe.Enter(GetPrimaryKeyString()))
        {
            await gate.Task;
            return await IncrementAsync();
        }
    }

    public Task ScheduleAsync(DateTimeOffset dueAt) => GrainContext.RegisterOrUpdateReminderAsync("tick", dueAt);

    public Task<List<DateTimeOffset>> FiredAsync() => Task.FromResult(state.State.Fired);

    public async Task ReceiveReminder(string reminderName, DateTimeOffset dueAt)
    {
        state.State.Fired.Add(dueAt);
        await state.WriteStateAsync();
    }
}
