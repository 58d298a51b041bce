using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using System.Xml.Linq;

namespace MyBot.Runtime.AzureStorage.Rest;

/// <summary>The Queue service operations this backend uses.</summary>
public sealed class QueueServiceClient(StorageRestClient client, Uri queueEndpoint)
{
    /// <summary>The service's limit on a message's text.</summary>
    public const int MaxMessageTextBytes = 64 * 1024;

    private readonly string _endpoint = queueEndpoint.AbsoluteUri.TrimEnd('/');

    public StorageRestClient Client { get; } = client;

    public async Task CreateIfNotExistsAsync(string queueName, CancellationToken cancellationToken)
    {
        try
        {
            await Client.SendAsync(Request(HttpMethod.Put, "create queue", $"{_endpoint}/{queueName}"), cancellationToken);
        }
        catch (AzureStorageException e) when (e.ErrorCode == StorageErrorCodes.QueueAlreadyExists)
        {
            // Exists with other metadata: still the queue we want.
        }
    }

    public async Task PutMessageAsync(string queueName, string messageText, CancellationToken cancellationToken)
    {
        var request = new StorageRequest(StorageService.Queue, HttpMethod.Post, new Uri($"{_endpoint}/{queueName}/messages?messagettl=-1"), "put message")
        {
            Body = MessageXml(messageText),
            ContentType = "application/xml",
        };
        await Client.SendAsync(request, cancellationToken);
    }

    public async Task<IReadOnlyList<ReceivedMessage>> GetMessagesAsync(string queueName, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var uri = $"{_endpoint}/{queueName}/messages?numofmessages={Math.Clamp(maxMessages, 1, 32)}&visibilitytimeout={Seconds(visibilityTimeout)}";
        var response = await Client.SendAsync(Request(HttpMethod.Get, "get messages", uri), cancellationToken);
        using var stream = new MemoryStream(response.Body);
        var root = XDocument.Load(stream).Root!;
        return root.Elements("QueueMessage")
            .Select(m => new ReceivedMessage(
                m.Element("MessageId")!.Value,
                m.Element("PopReceipt")!.Value,
                int.Parse(m.Element("DequeueCount")!.Value, CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(m.Element("InsertionTime")!.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                m.Element("MessageText")?.Value ?? string.Empty))
            .ToList();
    }

    /// <summary>Reads without receiving (nothing is hidden, the dequeue count stays); used to prove read access.</summary>
    public async Task<int> PeekMessagesAsync(string queueName, CancellationToken cancellationToken)
    {
        var response = await Client.SendAsync(Request(HttpMethod.Get, "peek messages", $"{_endpoint}/{queueName}/messages?peekonly=true&numofmessages=1"), cancellationToken);
        using var stream = new MemoryStream(response.Body);
        return XDocument.Load(stream).Root!.Elements("QueueMessage").Count();
    }

    /// <summary>Hides the message for <paramref name="visibilityTimeout"/> from now; returns the new pop receipt.</summary>
    /// <exception cref="AzureStorageException">400/404 when the pop receipt is stale (someone else received it meanwhile).</exception>
    public async Task<string> UpdateVisibilityAsync(string queueName, string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var uri = $"{_endpoint}/{queueName}/messages/{Uri.EscapeDataString(messageId)}?popreceipt={Uri.EscapeDataString(popReceipt)}&visibilitytimeout={Seconds(visibilityTimeout)}";
        var response = await Client.SendAsync(Request(HttpMethod.Put, "update message", uri), cancellationToken);
        return response.Header("x-ms-popreceipt") ?? throw new InvalidOperationException("The queue service returned no pop receipt.");
    }

    /// <exception cref="AzureStorageException">400 PopReceiptMismatch or 404 MessageNotFound when someone else received it meanwhile.</exception>
    public Task DeleteMessageAsync(string queueName, string messageId, string popReceipt, CancellationToken cancellationToken) =>
        Client.SendAsync(
            Request(HttpMethod.Delete, "delete message", $"{_endpoint}/{queueName}/messages/{Uri.EscapeDataString(messageId)}?popreceipt={Uri.EscapeDataString(popReceipt)}"),
            cancellationToken);

    /// <summary>Whether a failure means the pop receipt is no longer ours.</summary>
    public static bool IsLostReceipt(AzureStorageException e) =>
        e.ErrorCode is StorageErrorCodes.PopReceiptMismatch or StorageErrorCodes.MessageNotFound
        || (e.Status is HttpStatusCode.NotFound && e.ErrorCode is null);

    private static string Seconds(TimeSpan value) =>
        Math.Max(1, (int)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static byte[] MessageXml(string messageText) =>
        Encoding.UTF8.GetBytes($"<QueueMessage><MessageText>{SecurityElement.Escape(messageText)}</MessageText></QueueMessage>");

    private static StorageRequest Request(HttpMethod method, string operation, string uri) => new(StorageService.Queue, method, new Uri(uri), operation);
}
