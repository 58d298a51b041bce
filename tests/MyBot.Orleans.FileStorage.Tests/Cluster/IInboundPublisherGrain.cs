namespace MyBot.Orleans.FileStorage.Tests.Cluster;

/// <summary>Publishes to the <c>inbound</c> stream from inside the silo, as the app's channels do.</summary>
public interface IInboundPublisherGrain : IGrainWithStringKey
{
    Task PublishAsync(string streamKey, string text);
}
