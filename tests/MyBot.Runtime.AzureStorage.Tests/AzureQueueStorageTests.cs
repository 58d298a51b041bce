using MyBot.Runtime.Storage;
using MyBot.TestKit.Azure;

namespace MyBot.Runtime.AzureStorage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AzureQueueStorageTests(AzuriteServer azurite) : IDisposable
{
    private readonly AzureStorageAccount _account = TestAccounts.Create(azurite);

    [Fact]
    public async Task Partitions_are_separate_queues_named_from_the_service_id()
    {
        var queues = new AzureQueueStorage(_account);
        await queues.EnqueueAsync(3, "for three", default);

        Assert.Empty(await queues.ReceiveAsync(2, 32, TimeSpan.FromSeconds(30), default));
        var message = Assert.Single(await queues.ReceiveAsync(3, 32, TimeSpan.FromSeconds(30), default));
        Assert.Equal("for three", message.Body);
        Assert.Equal(1, message.DequeueCount);
        Assert.Equal(0, await _account.Queues.PeekMessagesAsync($"{_account.Names.ServiceId}-3", default));
    }

    [Fact]
    public async Task Any_text_survives_the_xml_envelope()
    {
        var queues = new AzureQueueStorage(_account);
        const string body = "{\"text\":\"<b>&amp; ]]> \\u0000 ünï 🙂\"}\r\n\t";
        await queues.EnqueueAsync(0, body, default);

        var message = Assert.Single(await queues.ReceiveAsync(0, 1, TimeSpan.FromSeconds(30), default));

        Assert.Equal(body, message.Body);
    }

    [Fact]
    public async Task A_body_over_the_queue_limit_travels_through_a_blob_that_is_deleted_with_the_message()
    {
        var queues = new AzureQueueStorage(_account);
        var body = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},"));
        Assert.True(body.Length > 64 * 1024);
        await queues.EnqueueAsync(1, body, default);

        var message = Assert.Single(await queues.ReceiveAsync(1, 1, TimeSpan.FromSeconds(30), default));
        var overflow = await _account.Container.ListAsync($"{_account.Names.ServiceId}/messages/", false, default);
        await queues.DeleteAsync(1, message, default);

        Assert.Equal(body, message.Body);
        Assert.Single(overflow);
        Assert.Empty(await _account.Container.ListAsync($"{_account.Names.ServiceId}/messages/", false, default));
    }

    [Fact]
    public async Task Extending_visibility_hands_out_a_new_receipt_and_a_stale_one_is_a_mismatch()
    {
        var queues = new AzureQueueStorage(_account);
        await queues.EnqueueAsync(0, "long turn", default);
        var message = Assert.Single(await queues.ReceiveAsync(0, 1, TimeSpan.FromSeconds(30), default));

        var extended = await queues.ExtendVisibilityAsync(0, message, TimeSpan.FromSeconds(60), default);

        await Assert.ThrowsAsync<PopReceiptMismatchException>(() => queues.DeleteAsync(0, message, default));
        await Assert.ThrowsAsync<PopReceiptMismatchException>(() => queues.ExtendVisibilityAsync(0, message, TimeSpan.FromSeconds(60), default));
        await queues.DeleteAsync(0, extended, default);
        Assert.Empty(await queues.ReceiveAsync(0, 1, TimeSpan.FromSeconds(1), default));
    }

    public void Dispose() => _account.Dispose();
}
