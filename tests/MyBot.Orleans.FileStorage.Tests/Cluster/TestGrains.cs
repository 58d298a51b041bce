namespace MyBot.Orleans.FileStorage.Tests.Cluster;

/// <summary>A grain with one persistent state in the default (file) storage.</summary>
public interface INoteGrain : IGrainWithStringKey
{
    Task SetAsync(string text);

    Task<string> GetAsync();
}

/// <summary>A grain that registers a reminder and reports its ticks to <see cref="TestObservations"/>.</summary>
public interface IWakeUpGrain : IGrainWithStringKey
{
    Task RegisterAsync(TimeSpan dueTime, TimeSpan period);

    Task<bool> IsRegisteredAsync();
}

/// <summary>Publishes to the <c>inbound</c> stream from inside the silo, as the app's channels do.</summary>
public interface IInboundPublisherGrain : IGrainWithStringKey
{
    Task PublishAsync(string streamKey, string text);
}
