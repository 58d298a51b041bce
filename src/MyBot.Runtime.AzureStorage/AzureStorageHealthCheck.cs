using MyBot.Runtime.Storage;

namespace MyBot.Runtime.AzureStorage;

/// <summary>Proves the identity can create, write, read and delete blobs and use the queues; errors name the missing role or setting.</summary>
public sealed class AzureStorageHealthCheck(AzureStorageAccount account) : IStorageHealthCheck
{
    private readonly string _probeId = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await account.EnsureContainerAsync(cancellationToken);
        var probe = account.Names.HealthProbe(_probeId);
        var etag = await account.Container.PutAsync(probe, "ok"u8.ToArray(), Rest.BlobConditions.None, cancellationToken);
        _ = await account.Container.GetAsync(probe, cancellationToken)
            ?? throw new InvalidOperationException($"The health probe blob {probe} vanished right after it was written.");
        await account.Container.DeleteAsync(probe, etag, cancellationToken);
        var queue = await account.EnsureQueueAsync(0, cancellationToken);
        await account.Queues.PeekMessagesAsync(queue, cancellationToken);
    }
}
