using System.Net;
using System.Text.Json;
using MyBot.Runtime.AzureStorage.Rest;
using MyBot.Runtime.Storage;

namespace MyBot.Runtime.AzureStorage;

/// <summary>One blob per dead letter, so every replica sees the same list.</summary>
public sealed class BlobDeadLetterStore(AzureStorageAccount account) : IDeadLetterStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AddAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        await account.EnsureContainerAsync(cancellationToken);
        try
        {
            await account.Container.PutAsync(account.Names.DeadLetter(letter.Id), JsonSerializer.SerializeToUtf8Bytes(letter, Json), BlobConditions.CreateOnly, cancellationToken);
        }
        catch (AzureStorageException e) when (e.Status == HttpStatusCode.Conflict)
        {
            // Added before (a retried give-up); the first record stands.
        }
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(CancellationToken cancellationToken)
    {
        await account.EnsureContainerAsync(cancellationToken);
        var items = await account.Container.ListAsync(account.Names.DeadLetterPrefix, includeMetadata: false, cancellationToken);
        var letters = new List<DeadLetter>(items.Count);
        foreach (var item in items)
        {
            var download = await account.Container.GetAsync(item.Name, cancellationToken);
            if (download is not null)
            {
                letters.Add(Deserialize(download.Content));
            }
        }

        return letters.OrderBy(l => l.FailedAt).ToList();
    }

    public async Task<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await account.EnsureContainerAsync(cancellationToken);
        var download = await account.Container.GetAsync(account.Names.DeadLetter(id), cancellationToken);
        return download is null ? null : Deserialize(download.Content);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await account.EnsureContainerAsync(cancellationToken);
        await account.Container.DeleteAsync(account.Names.DeadLetter(id), null, cancellationToken);
    }

    private static DeadLetter Deserialize(byte[] content) =>
        JsonSerializer.Deserialize<DeadLetter>(content, Json) ?? throw new InvalidOperationException("A dead-letter blob held no record.");
}
