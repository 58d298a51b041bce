using System.Net;
using MyBot.Runtime.AzureStorage.Rest;
using MyBot.TestKit.Azure;

namespace MyBot.Runtime.AzureStorage.Tests.Rest;

[Collection(AzuriteCollection.Name)]
public sealed class QueueServiceClientTests(AzuriteServer azurite) : IDisposable
{
    private readonly AzureStorageAccount _account = TestAccounts.Create(azurite);

    private QueueServiceClient Queues => _account.Queues;

    [Fact]
    public async Task A_received_message_is_hidden_and_counted()
    {
        var queue = await _account.EnsureQueueAsync(0, default);
        await Queues.PutMessageAsync(queue, "<hello & 'world'>", default);

        var first = Assert.Single(await Queues.GetMessagesAsync(queue, 32, TimeSpan.FromSeconds(30), default));
        var again = await Queues.GetMessagesAsync(queue, 32, TimeSpan.FromSeconds(30), default);

        Assert.Equal("<hello & 'world'>", first.MessageText);
        Assert.Equal(1, first.DequeueCount);
        Assert.Empty(again);
    }

    [Fact]
    public async Task Update_visibility_returns_a_new_receipt_and_the_old_one_stops_working()
    {
        var queue = await _account.EnsureQueueAsync(0, default);
        await Queues.PutMessageAsync(queue, "m", default);
        var message = Assert.Single(await Queues.GetMessagesAsync(queue, 1, TimeSpan.FromSeconds(30), default));

        var receipt = await Queues.UpdateVisibilityAsync(queue, message.MessageId, message.PopReceipt, TimeSpan.FromSeconds(30), default);
        var stale = await Assert.ThrowsAsync<AzureStorageException>(() => Queues.DeleteMessageAsync(queue, message.MessageId, message.PopReceipt, default));
        await Queues.DeleteMessageAsync(queue, message.MessageId, receipt, default);

        Assert.NotEqual(message.PopReceipt, receipt);
        Assert.True(QueueServiceClient.IsLostReceipt(stale), $"{stale.Status} {stale.ErrorCode}");
        Assert.Equal(0, await Queues.PeekMessagesAsync(queue, default));
    }

    [Fact]
    public async Task A_message_that_came_back_cannot_be_deleted_with_the_first_receipt()
    {
        var queue = await _account.EnsureQueueAsync(0, default);
        await Queues.PutMessageAsync(queue, "m", default);
        var first = Assert.Single(await Queues.GetMessagesAsync(queue, 1, TimeSpan.FromSeconds(1), default));
        var second = await TestKit.Eventually.WaitForAsync(
            async () => (await Queues.GetMessagesAsync(queue, 1, TimeSpan.FromSeconds(30), default)).SingleOrDefault(),
            TimeSpan.FromSeconds(10),
            "the message to become visible again");

        var error = await Assert.ThrowsAsync<AzureStorageException>(() => Queues.DeleteMessageAsync(queue, first.MessageId, first.PopReceipt, default));

        Assert.Equal(2, second.DequeueCount);
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(StorageErrorCodes.PopReceiptMismatch, error.ErrorCode);
    }

    public void Dispose() => _account.Dispose();
}
