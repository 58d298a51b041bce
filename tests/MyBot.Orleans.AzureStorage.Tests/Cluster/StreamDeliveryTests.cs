using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyBot.Grains;
using MyBot.Orleans.AzureStorage.Hosting;
using MyBot.Orleans.AzureStorage.Streams;
using MyBot.TestKit;
using MyBot.TestKit.Azure;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Streams;

namespace MyBot.Orleans.AzureStorage.Tests.Cluster;

/// <summary>A silo with <c>UseAzureStorage</c> on Azurite: the inbound path from a stream publish to persisted grain state, what happens to poison, and to a delivery longer than the visibility timeout.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StreamDeliveryTests(AzuriteServer azurite) : IAsyncLifetime
{
    /// <summary>Long enough that a renewal, due every quarter of it, can be late by half of it on a loaded machine.</summary>
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly AzureTestAccount _account = new(azurite, new Dictionary<string, string?>
    {
        [$"{AzureQueueDeliveryOptions.SectionName}:VisibilityTimeout"] = Visibility.ToString(),
        [$"{AzureQueueDeliveryOptions.SectionName}:MaxAttempts"] = "2",
        [$"{AzureStorageOptions.SectionName}:QueuePollInterval"] = "00:00:00.200",
    });

    private AzureSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await StartSiloAsync();

    [Fact]
    public async Task A_published_event_reaches_the_implicitly_subscribed_grain_which_persists_it()
    {
        var key = $"telegram:{Guid.NewGuid():N}:1";
        var stream = _silo.Client.GetStreamProvider(AzureTestAccount.StreamProvider).GetStream<TestEvent>(RecordingGrain.StreamOf(key));
        foreach (var text in new[] { "one", "two", "three" })
        {
            await stream.OnNextAsync(new TestEvent(text));
        }

        var grain = _silo.Grains.GetGrain<IRecordingGrain>(key);
        await Eventually.WaitUntilAsync(async () => (await grain.GetRecordedAsync()).Count == 3, Bound, "the grain to record three events");
        Assert.Equal(["one", "two", "three"], await grain.GetRecordedAsync());

        await _silo.DisposeAsync();
        _silo = await StartSiloAsync();
        Assert.Equal(["one", "two", "three"], await _silo.Grains.GetGrain<IRecordingGrain>(key).GetRecordedAsync());
    }

    [Fact]
    public async Task A_consumer_that_keeps_failing_ends_in_the_blob_dead_letters_and_its_message_leaves_the_queue_while_others_flow()
    {
        var poisoned = $"telegram:{Guid.NewGuid():N}:1";
        var healthy = $"telegram:{Guid.NewGuid():N}:1";
        var streams = _silo.Client.GetStreamProvider(AzureTestAccount.StreamProvider);
        await streams.GetStream<TestEvent>(RecordingGrain.StreamOf(poisoned)).OnNextAsync(new TestEvent(RecordingGrain.Poison));
        await streams.GetStream<TestEvent>(RecordingGrain.StreamOf(healthy)).OnNextAsync(new TestEvent("fine"));

        var deadLetters = _silo.Services.GetRequiredService<IDeadLetterStore>();
        var letter = await Eventually.WaitForAsync(
            async () => (await deadLetters.ListAsync(CancellationToken.None)).SingleOrDefault(l => l.Key == poisoned),
            Bound + Visibility,
            "the poison event to be dead-lettered");
        Assert.Equal(AzureTestAccount.StreamProvider, letter.Origin);
        Assert.Equal(2, letter.Attempts);
        Assert.Equal(RecordingGrain.Poison, JsonDocument.Parse(letter.Payload).RootElement.GetProperty("text").GetString());
        Assert.Equal(["fine"], await _silo.Grains.GetGrain<IRecordingGrain>(healthy).GetRecordedAsync());

        var queue = new QueueClient(azurite.ConnectionString, _account.QueueName);
        await Eventually.WaitUntilAsync(
            async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            Bound,
            "the queue to be empty, hidden messages included");
        Assert.Empty(await _silo.Grains.GetGrain<IRecordingGrain>(poisoned).GetRecordedAsync());
    }

    [Fact]
    public async Task An_event_whose_delivery_outlasts_the_visibility_timeout_stays_hidden_and_is_delivered_once()
    {
        var key = $"telegram:{Guid.NewGuid():N}:1";
        var held = HeldDelivery.For(key);
        try
        {
            await _silo.Client.GetStreamProvider(AzureTestAccount.StreamProvider).GetStream<TestEvent>(RecordingGrain.StreamOf(key)).OnNextAsync(new TestEvent(RecordingGrain.Held));
            await held.Entered.WaitAsync(Bound);

            // A message of another queue taken now with the same timeout shows again once the silo's first hiding of
            // the event has run out, by Azurite's own clock; had it run out, the silo would have taken the event again
            // and delivered it a second time after this delivery.
            var clock = new QueueClient(azurite.ConnectionString, _account.Id + "-clock");
            await clock.CreateIfNotExistsAsync();
            var own = (await clock.SendMessageAsync("clock")).Value.MessageId;
            Assert.Contains(own, (await clock.ReceiveMessagesAsync(1, Visibility)).Value.Select(m => m.MessageId));
            await Eventually.WaitUntilAsync(
                async () => (await clock.ReceiveMessagesAsync(1, Visibility)).Value.Any(m => m.MessageId == own),
                Visibility + Bound,
                "the clock message to show again");
            await clock.DeleteAsync();
        }
        finally
        {
            held.Release();
        }

        var queue = new QueueClient(azurite.ConnectionString, _account.QueueName);
        await Eventually.WaitUntilAsync(
            async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            Bound,
            "the delivered event's message to be deleted");
        Assert.Equal([RecordingGrain.Held], await _silo.Grains.GetGrain<IRecordingGrain>(key).GetRecordedAsync());
    }

    [Fact]
    public void The_silo_runs_the_queue_provider_with_the_configured_visibility_timeout_queues_and_poll_period()
    {
        var queueOptions = _silo.Services.GetRequiredService<IOptionsMonitor<AzureQueueOptions>>().Get(AzureTestAccount.StreamProvider);
        Assert.Equal(Visibility, queueOptions.MessageVisibilityTimeout);
        Assert.Equal([_account.QueueName], queueOptions.QueueNames);
        Assert.Equal(
            TimeSpan.FromMilliseconds(200),
            _silo.Services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(AzureTestAccount.StreamProvider).GetQueueMsgsTimerPeriod);
        Assert.IsType<DeadLetteringAzureQueueAdapterFactory>(_silo.Services.GetRequiredKeyedService<IQueueAdapterFactory>(AzureTestAccount.StreamProvider));
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _account.DisposeAsync();
    }

    /// <summary>
    /// The pulling agent gives up on a delivery after a second here instead of a minute, so the poison's two attempts
    /// take a few seconds; the receiver keeps the healthy message hidden while the poison holds the cache back from
    /// releasing it for deletion.
    /// </summary>
    private Task<AzureSilo> StartSiloAsync() => AzureSilo.StartAsync(
        _account,
        silo => silo.Services.Configure<StreamPullingAgentOptions>(AzureTestAccount.StreamProvider, o => o.MaxEventDeliveryTime = GiveUpAfter));
}
