using System.Collections.Concurrent;
using System.Text;
using MyBot.Runtime.AzureStorage.Rest;
using MyBot.Runtime.Storage;

namespace MyBot.Runtime.AzureStorage;

/// <summary>
/// One Storage Queue per partition, named from the service id. Bodies travel base64-encoded (any text survives the XML
/// envelope); a body too large for a queue message is stored as a blob and the message carries its name.
/// </summary>
public sealed class AzureQueueStorage(AzureStorageAccount account) : IQueueStorage
{
    /// <summary>Base64 never contains ':', so this prefix cannot be mistaken for an inline body.</summary>
    private const string BlobReferencePrefix = "blob:";

    /// <summary>Overflow blobs of received messages, deleted with the message.</summary>
    private readonly ConcurrentDictionary<string, string> _overflowBlobs = new(StringComparer.Ordinal);

    public async Task EnqueueAsync(int partition, string body, CancellationToken cancellationToken)
    {
        var queue = await account.EnsureQueueAsync(partition, cancellationToken);
        var bytes = Encoding.UTF8.GetBytes(body);
        var text = Convert.ToBase64String(bytes);
        if (text.Length > QueueServiceClient.MaxMessageTextBytes)
        {
            await account.EnsureContainerAsync(cancellationToken);
            var blobName = account.Names.LargeMessage(queue, Guid.NewGuid().ToString("N"));
            await account.Container.PutAsync(blobName, bytes, BlobConditions.CreateOnly, cancellationToken);
            text = BlobReferencePrefix + blobName;
        }

        await account.Queues.PutMessageAsync(queue, text, cancellationToken);
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int partition, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var queue = await account.EnsureQueueAsync(partition, cancellationToken);
        var received = await account.Queues.GetMessagesAsync(queue, maxMessages, visibilityTimeout, cancellationToken);
        var messages = new List<QueueMessage>(received.Count);
        foreach (var message in received)
        {
            var body = await BodyAsync(message, cancellationToken);
            if (body is null)
            {
                // The overflow blob is gone: the message was handled and deleted by someone else, only its queue entry lingered.
                await TryDeleteAsync(queue, message, cancellationToken);
                continue;
            }

            messages.Add(new QueueMessage(message.MessageId, message.PopReceipt, message.DequeueCount, body, message.InsertedAt));
        }

        return messages;
    }

    public async Task<QueueMessage> ExtendVisibilityAsync(int partition, QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var queue = await account.EnsureQueueAsync(partition, cancellationToken);
        try
        {
            var popReceipt = await account.Queues.UpdateVisibilityAsync(queue, message.MessageId, message.PopReceipt, visibilityTimeout, cancellationToken);
            return message with { PopReceipt = popReceipt };
        }
        catch (AzureStorageException e) when (QueueServiceClient.IsLostReceipt(e))
        {
            throw new PopReceiptMismatchException($"Message {message.MessageId} of partition {partition} was received again by someone else ({e.ErrorCode}).");
        }
    }

    public async Task DeleteAsync(int partition, QueueMessage message, CancellationToken cancellationToken)
    {
        var queue = await account.EnsureQueueAsync(partition, cancellationToken);
        try
        {
            await account.Queues.DeleteMessageAsync(queue, message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (AzureStorageException e) when (QueueServiceClient.IsLostReceipt(e))
        {
            throw new PopReceiptMismatchException($"Message {message.MessageId} of partition {partition} was received again by someone else ({e.ErrorCode}).");
        }

        if (_overflowBlobs.TryRemove(message.MessageId, out var blobName))
        {
            await account.Container.DeleteAsync(blobName, null, cancellationToken);
        }
    }

    private async Task<string?> BodyAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        if (!message.MessageText.StartsWith(BlobReferencePrefix, StringComparison.Ordinal))
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
        }

        var blobName = message.MessageText[BlobReferencePrefix.Length..];
        var download = await account.Container.GetAsync(blobName, cancellationToken);
        if (download is null)
        {
            return null;
        }

        _overflowBlobs[message.MessageId] = blobName;
        return Encoding.UTF8.GetString(download.Content);
    }

    private async Task TryDeleteAsync(string queue, ReceivedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await account.Queues.DeleteMessageAsync(queue, message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (AzureStorageException e) when (QueueServiceClient.IsLostReceipt(e))
        {
            // Someone else holds it now and will find the same.
        }
    }
}
