namespace MyBot.Runtime.AzureStorage.Tests.Grains;

/// <summary>Registers named reminders and records, in its persisted state, each one that fired.</summary>
public sealed class ReminderProbeGrain([PersistentState("probe")] IPersistentState<List<string>> fired) : Grain, IReminderProbeGrain, IRemindable
{
    public Task ScheduleAsync(string name, DateTimeOffset dueAt) => GrainContext.RegisterOrUpdateReminderAsync(name, dueAt);

    public Task<List<string>> FiredAsync() => Task.FromResult(fired.State);

    public async Task ReceiveReminder(string reminderName, DateTimeOffset dueAt)
    {
        fired.State.Add(reminderName);
        await fired.WriteStateAsync();
    }
}
