using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MyBot.Grains;
using MyBot.Orleans.AzureStorage.Streams;
using MyBot.TestKit;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Contracts.Orleans;
using Orleans.Runtime;
using Orleans.Streams;

namespace MyBot.Orleans.AzureStorage.Tests.Streams;

/// <summary>
/// Orleans' Azure queue stream provider with our receiver and failure handler, as <c>UseAzureStorage</c> wires it,
/// under the contract our file queue keeps. Azurite hides messages on the wall clock, so the visibility timeout is
/// Azure's one-second minimum here. The contract's receivers run on a clock that never moves, so they never renew what
/// they hold: a message one of them does not settle comes back as from a silo that died right after taking it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureQueueAdapterTests : QueueAdapterContract, IAsyncLifetime
{
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(1);

    /// <summary>Azurite keeps a message's next-visible time to the second.</summary>
    private static readonly TimeSpan ClockSlack = TimeSpan.FromMilliseconds(1100);

    private readonly AzuriteServer _azurite;
    private readonly AzureTestAccount _account;
    private readonly List<HandoutRecordingFactory> _factories = [];
    private readonly FakeTimeProvider _stoppedClock = new();

    public AzureQueueAdapterTests(AzuriteServer azurite)
    {
        _azurite = azurite;
        _account = new AzureTestAccount(azurite, Settings(Visibility, maxAttempts: 3));
    }

    protected override string ProviderName => AzureTestAccount.StreamProvider;

    protected override int MaxAttempts => 3;

    protected override Task<IQueueAdapterFactory> CreateFactoryAsync()
    {
        var factory = new HandoutRecordingFactory(
            _account.CreateSiloServices(_stoppedClock).GetRequiredKeyedService<IQueueAdapterFactory>(ProviderName),
            TimeProvider.System);
        _factories.Add(factory);
        return Task.FromResult<IQueueAdapterFactory>(factory);
    }

    protected override Task PassVisibilityTimeoutAsync()
    {
        var visibleAgain = _factories.Max(f => f.LastHandout) + Visibility + ClockSlack;
        return Eventually.WaitUntilAsync(() => TimeProvider.System.GetUtcNow() >= visibleAgain, Visibility + ClockSlack + TimeSpan.FromSeconds(5), "the visibility timeout to pass");
    }

    protected override int AttemptOf(IBatchContainer batch) =>
        _factories.Select(f => f.AttemptOf(batch)).FirstOrDefault(a => a is not null)
        ?? throw new InvalidOperationException("The batch was not handed out by a receiver of this test.");

    protected override async Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync() =>
        await _account.CreateSiloServices().GetRequiredService<IDeadLetterStore>().ListAsync(CancellationToken.None);

    [Fact]
    public async Task A_held_message_stays_hidden_past_the_visibility_timeout_is_deleted_with_its_renewed_receipt_and_once_the_receiver_is_gone_shows_within_the_timeout()
    {
        // Long enough that a renewal, due every quarter of it, can be late by half of it on a loaded machine.
        var timeout = TimeSpan.FromSeconds(10);
        await using var account = new AzureTestAccount(_azurite, Settings(timeout, maxAttempts: 3));
        var factory = account.CreateSiloServices().GetRequiredKeyedService<IQueueAdapterFactory>(ProviderName);
        var adapter = await factory.CreateAdapter(CancellationToken.None);
        var stream = NewStream();
        var receiver = adapter.CreateReceiver(factory.GetStreamQueueMapper().GetQueueForStream(stream));
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        await adapter.QueueMessageBatchAsync(stream, ["delivered later"], null, null);
        await adapter.QueueMessageBatchAsync(stream, ["never delivered"], null, null);
        var held = await receiver.GetQueueMessagesAsync(10, CancellationToken.None);
        Assert.Equal(2, held.Count);

        // Another reader takes a message of its own with the same timeout after the receiver took its two: when that
        // one shows again, the held ones' first timeout has run out as well, by Azurite's own clock.
        var other = new OtherReader(new QueueClient(_azurite.ConnectionString, account.QueueName), timeout);
        var first = await other.SendAndTakeAsync("control 1");
        await other.WaitUntilShownAgainAsync(first);
        Assert.Empty(other.SeenBesides());

        await receiver.MessagesDeliveredAsync([held[0]], CancellationToken.None);
        Assert.Equal(2, (await other.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        await receiver.Shutdown(TimeSpan.FromSeconds(5));
        var second = await other.SendAndTakeAsync("control 2");
        await other.WaitUntilShownAgainAsync(second);
        // Once: the delivered one was deleted. Its first showing was its second receive: the receiver's was the first.
        var returned = Assert.Single(other.SeenBesides().GroupBy(m => m.MessageId)).First();
        Assert.Equal(2, returned.DequeueCount);
        var dataAdapter = account.CreateSiloServices().GetRequiredService<IQueueDataAdapter<string, IBatchContainer>>();
        Assert.Equal(["never delivered"], dataAdapter.FromQueueMessage(returned.MessageText, 0).GetEvents<string>().Select(e => e.Item1));
    }

    [Fact]
    public async Task A_message_that_cannot_be_read_becomes_a_dead_letter_and_leaves_the_queue()
    {
        var stream = NewStream();
        var queue = await OpenAsync(stream);
        var raw = new QueueClient(_azurite.ConnectionString, _account.QueueName);
        await raw.SendMessageAsync("not a batch the data adapter can read");

        Assert.Empty(await queue.Receiver.GetQueueMessagesAsync(10, CancellationToken.None));
        var letter = Assert.Single(await ReadDeadLettersAsync());
        Assert.Equal(ProviderName, letter.Origin);
        Assert.Equal("not a batch the data adapter can read", letter.Payload);
        Assert.Contains("could not be read", letter.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await raw.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _account.DisposeAsync().AsTask();

    /// <summary>A second reader of a test's queue: takes whatever shows, hiding it for the timeout, and remembers all it took.</summary>
    private sealed class OtherReader(QueueClient queue, TimeSpan timeout)
    {
        private readonly HashSet<string> _own = [];
        private readonly List<QueueMessage> _taken = [];

        public QueueClient Queue => queue;

        /// <summary>Sends a message of its own and takes it, hiding it for the timeout from now.</summary>
        public async Task<string> SendAndTakeAsync(string text)
        {
            var id = (await queue.SendMessageAsync(text)).Value.MessageId;
            _own.Add(id);
            Assert.Contains(id, (await TakeAsync()).Select(m => m.MessageId));
            return id;
        }

        public Task WaitUntilShownAgainAsync(string id) => Eventually.WaitUntilAsync(
            async () => (await TakeAsync()).Any(m => m.MessageId == id),
            timeout + TimeSpan.FromSeconds(30),
            "the other reader's own message to show again");

        /// <summary>What it took besides its own messages.</summary>
        public IReadOnlyList<QueueMessage> SeenBesides() => [.. _taken.Where(m => !_own.Contains(m.MessageId))];

        private async Task<QueueMessage[]> TakeAsync()
        {
            var messages = (await queue.ReceiveMessagesAsync(32, timeout)).Value;
            _taken.AddRange(messages);
            return messages;
        }
    }

    private static Dictionary<string, string?> Settings(TimeSpan visibility, int maxAttempts) => new()
    {
        [$"{AzureQueueDeliveryOptions.SectionName}:VisibilityTimeout"] = visibility.ToString(),
        [$"{AzureQueueDeliveryOptions.SectionName}:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
