namespace MyBot.Orleans.FileStorage.Tests.Cluster;

public sealed class WakeUpGrain : Grain, IWakeUpGrain, IRemindable
{
    private const string ReminderName = "wake";

    public Task RegisterAsync(TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, dueTime, period);

    public async Task<bool> IsRegisteredAsync() => await this.GetReminder(ReminderName) is not null;

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        TestObservations.Record(this.GetPrimaryKeyString(), reminderName);
        return Task.CompletedTask;
    }
}
