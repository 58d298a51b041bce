namespace MyBot.Orleans.FileStorage.Tests.Cluster;

public sealed class InboundPublisherGrain : Grain, IInboundPublisherGrain
{
    public Task PublishAsync(string streamKey, string text) =>
        this.GetStreamProvider(ClusterTests.StreamProvider)
            .GetStream<string>(StreamId.Create(ClusterTests.StreamProvider, streamKey))
            .OnNextAsync(text);
}
