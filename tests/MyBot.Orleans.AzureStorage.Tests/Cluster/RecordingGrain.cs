using Orleans;
using Orleans.Runtime;
using Orleans.Streams;

namespace MyBot.Orleans.AzureStorage.Tests.Cluster;

/// <summary>
/// Consumes its stream through an implicit subscription and persists every event; refuses <see cref="Poison"/> for ever,
/// and takes <see cref="Held"/> only when the test releases its <see cref="HeldDelivery"/>.
/// </summary>
[ImplicitStreamSubscription(StreamNamespace)]
public sealed class RecordingGrain([PersistentState("events")] IPersistentState<RecordedEvents> events) : Grain, IRecordingGrain
{
    public const string StreamNamespace = "recorded";
    public const string Poison = "poison";
    public const string Held = "held";

    public static StreamId StreamOf(string key) => StreamId.Create(StreamNamespace, key);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(AzureTestAccount.StreamProvider).GetStream<TestEvent>(StreamOf(this.GetPrimaryKeyString()));
        await stream.SubscribeAsync(OnNextAsync);
    }

    public Task<List<string>> GetRecordedAsync() => Task.FromResult(events.State.Texts);

    private async Task OnNextAsync(TestEvent item, StreamSequenceToken? token)
    {
        if (item.Text == Poison)
        {
            throw new InvalidOperationException("This consumer cannot handle the poison event.");
        }

        if (item.Text == Held)
        {
            await HeldDelivery.For(this.GetPrimaryKeyString()).EnterAsync();
        }

        events.State.Texts.Add(item.Text);
        await events.WriteStateAsync();
    }
}
