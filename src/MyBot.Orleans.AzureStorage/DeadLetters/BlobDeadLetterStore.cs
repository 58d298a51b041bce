using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using MyBot.Grains;
using MyBot.Orleans.AzureStorage.Hosting;

namespace MyBot.Orleans.AzureStorage.DeadLetters;

/// <summary>One JSON blob per dead letter under <c>deadletters/</c> in our container, so every silo sees the same list.</summary>
public sealed class BlobDeadLetterStore(AzureStorageClients clients) : IDeadLetterStore
{
    private const string Prefix = "deadletters/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AddAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        await clients.EnsureContainerAsync(cancellationToken);
        try
        {
            await clients.Container.GetBlobClient(BlobName(letter.Id)).UploadAsync(
                BinaryData.FromObjectAsJson(letter, Json),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists || e.Status == 409)
        {
            // Added before (a retried give-up): the first record stands.
        }
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(CancellationToken cancellationToken)
    {
        await clients.EnsureContainerAsync(cancellationToken);
        var letters = new List<DeadLetter>();
        await foreach (var item in clients.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix }, cancellationToken))
        {
            if (await ReadAsync(item.Name, cancellationToken) is { } letter)
            {
                letters.Add(letter);
            }
        }

        return [.. letters.OrderBy(l => l.FailedAt).ThenBy(l => l.Id, StringComparer.Ordinal)];
    }

    public async Task<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await clients.EnsureContainerAsync(cancellationToken);
        return await ReadAsync(BlobName(id), cancellationToken);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await clients.EnsureContainerAsync(cancellationToken);
        await clients.Container.GetBlobClient(BlobName(id)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Escaped, so an id's slashes and colons do not become folders.</summary>
    private static string BlobName(string id) => Prefix + Uri.EscapeDataString(id) + ".json";

    private async Task<DeadLetter?> ReadAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var content = await clients.Container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<DeadLetter>(Json);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Deleted between the listing and the read.
            return null;
        }
    }
}
