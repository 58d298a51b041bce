using System.Text.Json;
using MyBot.Grains;
using Orleans.Runtime;
using Orleans.Streams;
using Xunit;

namespace MyBot.TestKit.Contracts.Orleans;

/// <summary>
/// What the app needs from a persistent stream provider's queue adapter, driven as Orleans' pulling agent drives it:
/// a message is durable when the enqueue returns, handed out in order per stream, hidden while it is being delivered,
/// deleted once delivered, handed out again with its attempt raised when it was not, and a dead letter after its
/// last attempt. Each provider's tests derive from this.
/// </summary>
public abstract class QueueAdapterContract
{
    /// <summary>The stream provider's name: the dead letters' origin.</summary>
    protected abstract string ProviderName { get; }

    /// <summary>How many attempts the provider under test is configured for; at least 2.</summary>
    protected abstract int MaxAttempts { get; }

    /// <summary>A factory on this test's storage; each call is a new instance over the same stored messages, as after a restart.</summary>
    protected abstract Task<IQueueAdapterFactory> CreateFactoryAsync();

    /// <summary>Lets the visibility timeout of every message handed out so far pass.</summary>
    protected abstract Task PassVisibilityTimeoutAsync();

    /// <summary>Which attempt of its message a received batch is, starting at 1.</summary>
    protected abstract int AttemptOf(IBatchContainer batch);

    protected abstract Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync();

    [Fact]
    public async Task An_enqueued_message_is_received_with_its_stream_and_events_and_once_delivered_is_gone_for_good()
    {
        var queue = await OpenAsync(NewStream());
        await queue.EnqueueAsync("hello", "world");

        var batch = Assert.Single(await queue.ReceiveAsync());
        Assert.Equal(queue.StreamId, batch.StreamId);
        Assert.Equal(["hello", "world"], batch.GetEvents<string>().Select(e => e.Item1));
        Assert.Equal(1, AttemptOf(batch));
        await queue.Receiver.MessagesDeliveredAsync([batch], CancellationToken.None);

        await PassVisibilityTimeoutAsync();
        Assert.Empty(await queue.ReceiveAsync());
        Assert.Empty(await (await OpenAsync(queue.StreamId)).ReceiveAsync());
    }

    [Fact]
    public async Task A_received_message_is_hidden_until_its_visibility_timeout_then_comes_back_with_the_next_attempt()
    {
        var queue = await OpenAsync(NewStream());
        await queue.EnqueueAsync("hello");
        var first = Assert.Single(await queue.ReceiveAsync());
        Assert.Empty(await queue.ReceiveAsync());

        await PassVisibilityTimeoutAsync();
        var again = Assert.Single(await queue.ReceiveAsync());
        Assert.Equal(2, AttemptOf(again));
        Assert.True(again.SequenceToken.Newer(first.SequenceToken), "a message handed out again needs a newer token, or the agent's cache skips it");
        Assert.Equal(["hello"], again.GetEvents<string>().Select(e => e.Item1));
    }

    [Fact]
    public async Task A_message_that_failed_delivery_comes_back_after_the_visibility_timeout()
    {
        var queue = await OpenAsync(NewStream());
        await queue.EnqueueAsync("hello");
        var first = Assert.Single(await queue.ReceiveAsync());
        await queue.FailureHandler.OnDeliveryFailure(GuidId.GetNewGuidId(), ProviderName, queue.StreamId, first.SequenceToken);
        Assert.Empty(await queue.ReceiveAsync());

        await PassVisibilityTimeoutAsync();
        Assert.Equal(2, AttemptOf(Assert.Single(await queue.ReceiveAsync())));
        Assert.Empty(await ReadDeadLettersAsync());
    }

    [Fact]
    public async Task A_message_never_delivered_in_its_attempts_becomes_a_dead_letter_and_is_removed()
    {
        var queue = await OpenAsync(NewStream());
        await queue.EnqueueAsync("poison");
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            Assert.Equal(attempt, AttemptOf(Assert.Single(await queue.ReceiveAsync())));
            await PassVisibilityTimeoutAsync();
        }

        Assert.Empty(await queue.ReceiveAsync());
        var letter = Assert.Single(await ReadDeadLettersAsync());
        AssertDeadLetter(letter, queue.StreamId, "poison");
        await PassVisibilityTimeoutAsync();
        Assert.Empty(await (await OpenAsync(queue.StreamId)).ReceiveAsync());
    }

    [Fact]
    public async Task A_delivery_failure_on_the_last_attempt_dead_letters_the_message_at_once()
    {
        var queue = await OpenAsync(NewStream());
        await queue.EnqueueAsync("poison");
        IBatchContainer last = null!;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            last = Assert.Single(await queue.ReceiveAsync());
            await queue.FailureHandler.OnDeliveryFailure(GuidId.GetNewGuidId(), ProviderName, queue.StreamId, last.SequenceToken);
            if (attempt < MaxAttempts)
            {
                await PassVisibilityTimeoutAsync();
            }
        }

        AssertDeadLetter(Assert.Single(await ReadDeadLettersAsync()), queue.StreamId, "poison");
        await PassVisibilityTimeoutAsync();
        Assert.Empty(await queue.ReceiveAsync());
    }

    [Fact]
    public async Task Messages_of_a_stream_are_received_in_the_order_they_were_enqueued()
    {
        var queue = await OpenAsync(NewStream());
        var sent = Enumerable.Range(1, 12).Select(i => $"event {i}").ToList();
        foreach (var text in sent)
        {
            await queue.EnqueueAsync(text);
        }

        var received = new List<string>();
        for (var round = 0; round < sent.Count && received.Count < sent.Count; round++)
        {
            foreach (var batch in await queue.ReceiveAsync())
            {
                received.AddRange(batch.GetEvents<string>().Select(e => e.Item1));
            }
        }

        Assert.Equal(sent, received);
    }

    [Fact]
    public async Task An_enqueued_message_survives_re_creating_the_provider()
    {
        var stream = NewStream();
        await (await OpenAsync(stream)).EnqueueAsync("durable");

        var reopened = await OpenAsync(stream);
        var batch = Assert.Single(await reopened.ReceiveAsync());
        Assert.Equal(["durable"], batch.GetEvents<string>().Select(e => e.Item1));
    }

    protected StreamId NewStream() => StreamId.Create(ProviderName, $"telegram:{Guid.NewGuid():N}:1");

    protected async Task<OpenQueue> OpenAsync(StreamId streamId)
    {
        var factory = await CreateFactoryAsync();
        var adapter = await factory.CreateAdapter(CancellationToken.None);
        var queueId = factory.GetStreamQueueMapper().GetQueueForStream(streamId);
        var receiver = adapter.CreateReceiver(queueId);
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        return new OpenQueue(streamId, adapter, receiver, await factory.GetDeliveryFailureHandler(queueId));
    }

    private void AssertDeadLetter(DeadLetter letter, StreamId streamId, string text)
    {
        Assert.Equal(ProviderName, letter.Origin);
        Assert.Equal(streamId.GetKeyAsString(), letter.Key);
        Assert.Equal(MaxAttempts, letter.Attempts);
        Assert.Equal(text, JsonSerializer.Deserialize<string>(letter.Payload));
        Assert.False(string.IsNullOrWhiteSpace(letter.Error));
    }

    /// <summary>The adapter, receiver and failure handler of one stream's queue, as a pulling agent holds them.</summary>
    protected sealed record OpenQueue(StreamId StreamId, IQueueAdapter Adapter, IQueueAdapterReceiver Receiver, IStreamFailureHandler FailureHandler)
    {
        public Task EnqueueAsync(params string[] events) => Adapter.QueueMessageBatchAsync(StreamId, events, null, null);

        /// <summary>This stream's batches among what the receiver hands out; other streams may share the queue.</summary>
        public async Task<List<IBatchContainer>> ReceiveAsync() =>
            [.. (await Receiver.GetQueueMessagesAsync(100, CancellationToken.None)).Where(b => b.StreamId.Equals(StreamId))];
    }
}
