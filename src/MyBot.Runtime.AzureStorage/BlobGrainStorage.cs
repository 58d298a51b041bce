using System.Net;
using MyBot.Runtime.AzureStorage.Rest;
using MyBot.Runtime.Storage;

namespace MyBot.Runtime.AzureStorage;

/// <summary>One block blob per grain (Orleans' AzureBlobGrainStorage): create-only or If-Match writes, so the ETag fences a stale writer.</summary>
public sealed class BlobGrainStorage(AzureStorageAccount account, TimeProvider timeProvider) : IGrainStorage
{
    private const string ReasonMetadata = "reason";

    public async Task<GrainStateRecord?> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        await account.EnsureContainerAsync(cancellationToken);
        var download = await account.Container.GetAsync(account.Names.Grain(grainId), cancellationToken);
        return download is null ? null : new GrainStateRecord(download.Content, download.ETag);
    }

    public async Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken)
    {
        await account.EnsureContainerAsync(cancellationToken);
        var conditions = etag is null ? BlobConditions.CreateOnly : BlobConditions.Matching(etag);
        try
        {
            return await account.Container.PutAsync(account.Names.Grain(grainId), data, conditions, cancellationToken);
        }
        catch (AzureStorageException e) when (IsConflict(e))
        {
            throw new InconsistentStateException(
                $"The stored state of {grainId} changed since this activation read it ({e.ErrorCode}).", etag, null, e);
        }
    }

    public async Task ClearAsync(GrainId grainId, string? etag, CancellationToken cancellationToken)
    {
        await account.EnsureContainerAsync(cancellationToken);
        try
        {
            var deleted = await account.Container.DeleteAsync(account.Names.Grain(grainId), etag, cancellationToken);
            if (!deleted && etag is not null)
            {
                throw new InconsistentStateException($"The stored state of {grainId} was deleted by someone else.", etag);
            }
        }
        catch (AzureStorageException e) when (IsConflict(e))
        {
            throw new InconsistentStateException($"The stored state of {grainId} changed since this activation read it ({e.ErrorCode}).", etag, null, e);
        }
    }

    public async Task<string> QuarantineAsync(GrainId grainId, string reason, CancellationToken cancellationToken)
    {
        await account.EnsureContainerAsync(cancellationToken);
        var source = account.Names.Grain(grainId);
        var target = account.Names.QuarantinedGrain(grainId, timeProvider.GetUtcNow());
        var download = await account.Container.GetAsync(source, cancellationToken);
        if (download is null)
        {
            return target;
        }

        var metadataReason = new string(reason.Where(c => c is >= ' ' and < (char)127).Take(1024).ToArray());
        await account.Container.PutAsync(target, download.Content, BlobConditions.None, cancellationToken, new Dictionary<string, string> { [ReasonMetadata] = metadataReason });
        try
        {
            await account.Container.DeleteAsync(source, download.ETag, cancellationToken);
        }
        catch (AzureStorageException e) when (e.Status == HttpStatusCode.PreconditionFailed)
        {
            // Rewritten meanwhile: the new version is readable, so it stays; the copy keeps the bad one for the owner.
        }

        return $"{account.Container.Name}/{target}";
    }

    private static bool IsConflict(AzureStorageException e) =>
        e.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict
        || (e.Status is HttpStatusCode.NotFound && e.ErrorCode == StorageErrorCodes.BlobNotFound);
}
