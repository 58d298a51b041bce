using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
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
/// Azure's one-second minimum here.
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
            _account.CreateSiloServices().GetRequiredKeyedService<IQueueAdapterFactory>(ProviderName),
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
    public async Task A_received_message_stays_hidden_for_the_configured_visibility_timeout_not_azures_30_seconds()
    {
        var configured = TimeSpan.FromSeconds(3);
        await using var account = new AzureTestAccount(_azurite, Settings(configured, maxAttempts: 3));
        var factory = account.CreateSiloServices().GetRequiredKeyedService<IQueueAdapterFactory>(ProviderName);
        var adapter = await factory.CreateAdapter(CancellationToken.None);
        var stream = NewStream();
        var receiver = adapter.CreateReceiver(factory.GetStreamQueueMapper().GetQueueForStream(stream));
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        await adapter.QueueMessageBatchAsync(stream, ["hello"], null, null);

        Assert.Single(await receiver.GetQueueMessagesAsync(10, CancellationToken.None));
        var received = TimeProvider.System.GetUtcNow();
        var queue = new QueueClient(_azurite.ConnectionString, account.QueueName);
        Assert.Empty((await queue.PeekMessagesAsync(10)).Value);

        await Eventually.WaitUntilAsync(
            async () => (await queue.PeekMessagesAsync(10)).Value.Length == 1,
            configured + TimeSpan.FromSeconds(10),
            "the message to be visible again");
        Assert.True(TimeProvider.System.GetUtcNow() - received >= configured - ClockSlack, "the message came back before the configured visibility timeout");
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

    private static Dictionary<string, string?> Settings(TimeSpan visibility, int maxAttempts) => new()
    {
        [$"{AzureQueueDeliveryOptions.SectionName}:VisibilityTimeout"] = visibility.ToString(),
        [$"{AzureQueueDeliveryOptions.SectionName}:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
