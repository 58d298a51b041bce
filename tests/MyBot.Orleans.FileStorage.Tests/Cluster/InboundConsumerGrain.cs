using Orleans.Streams;

namespace MyBot.Orleans.FileStorage.Tests.Cluster;

/// <summary>Consumes the <c>inbound</c> stream of its key like the app's SessionGrain; an event starting with "poison" always fails.</summary>
[ImplicitStreamSubscription(ClusterTests.StreamProvider)]
public sealed class InboundConsumerGrain : Grain, IGrainWithStringKey
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(ClusterTests.StreamProvider)
            .GetStream<string>(StreamId.Create(ClusterTests.StreamProvider, this.GetPrimaryKeyString()));
        await stream.SubscribeAsync(OnNextAsync);
    }

    private Task OnNextAsync(string text, StreamSequenceToken? token)
    {
        TestObservations.Record(this.GetPrimaryKeyString(), text);
        return text.StartsWith("poison", StringComparison.Ordinal)
            ? throw new InvalidOperationException("The test consumer refuses poison.")
            : Task.CompletedTask;
    }
}
