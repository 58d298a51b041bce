using MyBot.Runtime.Storage;
using MyBot.TestKit.Time;
using Xunit;

namespace MyBot.TestKit.Contracts;

/// <summary>What every <see cref="IQueueStorage"/> must do. Implementations whose visibility follows a real clock return null from <see cref="Clock"/> and the time-based cases are skipped.</summary>
public abstract class QueueStorageContractTests
{
    protected FakeTimeProvider Time { get; } = new();

    /// <summary>Fresh, empty partitions for each call.</summary>
    protected abstract Task<IQueueStorage> CreateQueuesAsync();

    /// <summary>Moves the queue's clock past a visibility timeout.</summary>
    protected abstract Task PassTimeAsync(TimeSpan delta);

    [Fact]
    public async Task Enqueued_messages_are_received_in_order_with_dequeue_count_one()
    {
        var queues = await CreateQueuesAsync();
        for (var i = 0; i < 5; i++)
        {
            await queues.EnqueueAsync(3, $"m{i}", CancellationToken.None);
        }

        var received = await queues.ReceiveAsync(3, 10, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], received.Select(m => m.Body));
        Assert.All(received, m => Assert.Equal(1, m.DequeueCount));
    }

    [Fact]
    public async Task Partitions_are_independent()
    {
        var queues = await CreateQueuesAsync();
        await queues.EnqueueAsync(0, "zero", CancellationToken.None);
        await queues.EnqueueAsync(1, "one", CancellationToken.None);
        var received = await queues.ReceiveAsync(1, 10, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(["one"], received.Select(m => m.Body));
    }

    [Fact]
    public async Task Received_message_is_hidden_until_its_visibility_timeout_then_comes_back_counted()
    {
        var queues = await CreateQueuesAsync();
        await queues.EnqueueAsync(0, "a", CancellationToken.None);
        var first = await queues.ReceiveAsync(0, 1, TimeSpan.FromSeconds(2), CancellationToken.None);
        Assert.Single(first);
        Assert.Empty(await queues.ReceiveAsync(0, 1, TimeSpan.FromSeconds(2), CancellationToken.None));
        await PassTimeAsync(TimeSpan.FromSeconds(3));
        var again = await queues.ReceiveAsync(0, 1, TimeSpan.FromSeconds(2), CancellationToken.None);
        Assert.Equal("a", Assert.Single(again).Body);
        Assert.Equal(2, again[0].DequeueCount);
        Assert.Equal(first[0].MessageId, again[0].MessageId);
    }

    [Fact]
    public async Task Delete_with_the_current_pop_receipt_removes_the_message()
    {
        var queues = await CreateQueuesAsync();
        await queues.EnqueueAsync(0, "a", CancellationToken.None);
        var message = Assert.Single(await queues.ReceiveAsync(0, 1, TimeSpan.FromSeconds(2), CancellationToken.None));
        await queues.DeleteAsync(0, message, CancellationToken.None);
        await PassTimeAsync(TimeSpan.FromSeconds(3));
        Assert.Empty(await queues.ReceiveAsync(0, 1, TimeSpan.FromSeconds(2), CancellationToken.None));
    }

    [Fact]
    public async Task Delete_with_a_stale_pop_receipt_fails()
    {
        var queues = await CreateQueuesAsync();
        await queues.EnqueueAsync(0, "a", CancellationToken.None);
        var stale = Assert.Single(await queues.ReceiveAsync(0, 1, TimeSpan.FromSeconds(2), CancellationToken.None));
        await PassTimeAsync(TimeSpan.FromSeconds(3));
        var current = Assert.Single(await queues.ReceiveAsync(0, 1, TimeSpan.FromSeconds(2), CancellationToken.None));
        await Assert.ThrowsAsync<PopReceiptMismatchException>(() => queues.DeleteAsync(0, stale, CancellationToken.None));
        await queues.DeleteAsync(0, current, CancellationToken.None);
    }

    [Fact]
    public async Task Extending_visibility_keeps_the_message_hidden_and_renews_the_pop_receipt()
    {
        var queues = await CreateQueuesAsync();
        await queues.EnqueueAsync(0, "a", CancellationToken.None);
        var message = Assert.Single(await queues.ReceiveAsync(0, 1, TimeSpan.FromSeconds(2), CancellationToken.None));
        var extended = await queues.ExtendVisibilityAsync(0, message, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.NotEqual(message.PopReceipt, extended.PopReceipt);
        await PassTimeAsync(TimeSpan.FromSeconds(3));
        Assert.Empty(await queues.ReceiveAsync(0, 1, TimeSpan.FromSeconds(2), CancellationToken.None));
        await Assert.ThrowsAsync<PopReceiptMismatchException>(() => queues.DeleteAsync(0, message, CancellationToken.None));
        await queues.DeleteAsync(0, extended, CancellationToken.None);
    }

    [Fact]
    public async Task Receive_respects_the_batch_size()
    {
        var queues = await CreateQueuesAsync();
        for (var i = 0; i < 10; i++)
        {
            await queues.EnqueueAsync(0, $"m{i}", CancellationToken.None);
        }

        Assert.Equal(4, (await queues.ReceiveAsync(0, 4, TimeSpan.FromSeconds(30), CancellationToken.None)).Count);
        Assert.Equal(6, (await queues.ReceiveAsync(0, 32, TimeSpan.FromSeconds(30), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Unicode_and_large_bodies_round_trip()
    {
        var queues = await CreateQueuesAsync();
        var body = "héllo ✓ " + new string('x', 100_000);
        await queues.EnqueueAsync(0, body, CancellationToken.None);
        Assert.Equal(body, Assert.Single(await queues.ReceiveAsync(0, 1, TimeSpan.FromSeconds(30), CancellationToken.None)).Body);
    }
}
