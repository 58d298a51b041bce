namespace MyBot.Orleans.FileStorage.Tests.Cluster;

/// <summary>A grain that registers a reminder and reports its ticks to <see cref="TestObservations"/>.</summary>
public interface IWakeUpGrain : IGrainWithStringKey
{
    Task RegisterAsync(TimeSpan dueTime, TimeSpan period);

    Task<bool> IsRegisteredAsync();
}
