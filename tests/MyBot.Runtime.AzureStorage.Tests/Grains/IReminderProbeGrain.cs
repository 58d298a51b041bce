namespace MyBot.Runtime.AzureStorage.Tests.Grains;

public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task ScheduleAsync(string name, DateTimeOffset dueAt);

    Task<List<string>> FiredAsync();
}
