using System.Globalization;
using System.Net;
using System.Xml.Linq;

namespace MyBot.Runtime.AzureStorage.Rest;

/// <summary>The Blob service operations this backend uses, within one container.</summary>
/// <remarks>Blob names must already be URL-safe (the callers build them from unreserved characters and '/').</remarks>
public sealed class BlobContainerClient(StorageRestClient client, Uri blobEndpoint, string containerName)
{
    private const string MetadataPrefix = "x-ms-meta-";
    private readonly string _containerUri = $"{blobEndpoint.AbsoluteUri.TrimEnd('/')}/{containerName}";

    public string Name { get; } = containerName;

    public StorageRestClient Client { get; } = client;

    /// <summary>Returns false when it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Client.SendAsync(Request(HttpMethod.Put, "create container", $"{_containerUri}?restype=container"), cancellationToken);
            return true;
        }
        catch (AzureStorageException e) when (e.ErrorCode == StorageErrorCodes.ContainerAlreadyExists)
        {
            return false;
        }
    }

    /// <summary>Writes a block blob and returns its new ETag. Fails with 412 on an If-Match miss and 409 on an If-None-Match: * hit.</summary>
    public async Task<string> PutAsync(
        string blobName,
        ReadOnlyMemory<byte> content,
        BlobConditions conditions,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var request = new StorageRequest(StorageService.Blob, HttpMethod.Put, new Uri(BlobUri(blobName)), "put blob")
            {
                Body = content,
                ContentType = "application/octet-stream",
            }
            .WithHeader("x-ms-blob-type", "BlockBlob")
            .WithHeader("If-Match", conditions.IfMatch)
            .WithHeader("If-None-Match", conditions.IfNoneMatch)
            .WithHeader("x-ms-lease-id", conditions.LeaseId);
        foreach (var (name, value) in metadata ?? new Dictionary<string, string>())
        {
            request.WithHeader(MetadataPrefix + name, value);
        }

        return (await Client.SendAsync(request, cancellationToken)).ETag;
    }

    /// <summary>Returns null when the blob does not exist.</summary>
    public async Task<BlobDownload?> GetAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Client.SendAsync(Request(HttpMethod.Get, "get blob", BlobUri(blobName)), cancellationToken);
            return new BlobDownload(response.Body, response.ETag, Metadata(response.Headers));
        }
        catch (AzureStorageException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Returns false when there was nothing to delete. Fails with 412 when <paramref name="ifMatch"/> no longer matches.</summary>
    public async Task<bool> DeleteAsync(string blobName, string? ifMatch, CancellationToken cancellationToken, string? leaseId = null)
    {
        try
        {
            var request = Request(HttpMethod.Delete, "delete blob", BlobUri(blobName))
                .WithHeader("If-Match", ifMatch)
                .WithHeader("x-ms-lease-id", leaseId);
            await Client.SendAsync(request, cancellationToken);
            return true;
        }
        catch (AzureStorageException e) when (e.ErrorCode == StorageErrorCodes.BlobNotFound)
        {
            return false;
        }
    }

    public async Task SetMetadataAsync(string blobName, IReadOnlyDictionary<string, string> metadata, string? leaseId, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Put, "set blob metadata", BlobUri(blobName, "comp=metadata")).WithHeader("x-ms-lease-id", leaseId);
        foreach (var (name, value) in metadata)
        {
            request.WithHeader(MetadataPrefix + name, value);
        }

        await Client.SendAsync(request, cancellationToken);
    }

    /// <summary>Every blob under <paramref name="prefix"/>, following continuation markers.</summary>
    public async Task<IReadOnlyList<BlobItem>> ListAsync(string prefix, bool includeMetadata, CancellationToken cancellationToken)
    {
        var items = new List<BlobItem>();
        string? marker = null;
        do
        {
            var uri = $"{_containerUri}?restype=container&comp=list&prefix={Uri.EscapeDataString(prefix)}"
                + (includeMetadata ? "&include=metadata" : string.Empty)
                + (marker is null ? string.Empty : $"&marker={Uri.EscapeDataString(marker)}");
            var response = await Client.SendAsync(Request(HttpMethod.Get, "list blobs", uri), cancellationToken);
            using var stream = new MemoryStream(response.Body);
            var root = XDocument.Load(stream).Root!;
            foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
            {
                var properties = blob.Element("Properties");
                var metadata = blob.Element("Metadata")?.Elements().ToDictionary(e => e.Name.LocalName, e => e.Value, StringComparer.OrdinalIgnoreCase)
                    ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                items.Add(new BlobItem(
                    blob.Element("Name")!.Value,
                    properties?.Element("Etag")?.Value ?? string.Empty,
                    properties?.Element("LeaseState")?.Value ?? "available",
                    metadata));
            }

            marker = root.Element("NextMarker")?.Value;
        }
        while (!string.IsNullOrEmpty(marker));

        return items;
    }

    /// <summary>Returns the lease id. <paramref name="duration"/> is 15-60 s, or null for an infinite lease.</summary>
    public async Task<string> AcquireLeaseAsync(string blobName, TimeSpan? duration, string proposedLeaseId, CancellationToken cancellationToken, string? ifMatch = null)
    {
        var seconds = duration is { } d ? ((int)d.TotalSeconds).ToString(CultureInfo.InvariantCulture) : "-1";
        var request = LeaseRequest(blobName, "acquire", "acquire lease")
            .WithHeader("x-ms-lease-duration", seconds)
            .WithHeader("x-ms-proposed-lease-id", proposedLeaseId)
            .WithHeader("If-Match", ifMatch);
        var response = await Client.SendAsync(request, cancellationToken);
        return response.Header("x-ms-lease-id") ?? proposedLeaseId;
    }

    public Task RenewLeaseAsync(string blobName, string leaseId, CancellationToken cancellationToken) =>
        Client.SendAsync(LeaseRequest(blobName, "renew", "renew lease").WithHeader("x-ms-lease-id", leaseId), cancellationToken);

    public Task ReleaseLeaseAsync(string blobName, string leaseId, CancellationToken cancellationToken) =>
        Client.SendAsync(LeaseRequest(blobName, "release", "release lease").WithHeader("x-ms-lease-id", leaseId), cancellationToken);

    /// <summary>Breaks whoever holds the lease; with a zero period it can be acquired again at once.</summary>
    public Task BreakLeaseAsync(string blobName, TimeSpan breakPeriod, CancellationToken cancellationToken, string? ifMatch = null) =>
        Client.SendAsync(
            LeaseRequest(blobName, "break", "break lease")
                .WithHeader("x-ms-lease-break-period", ((int)breakPeriod.TotalSeconds).ToString(CultureInfo.InvariantCulture))
                .WithHeader("If-Match", ifMatch),
            cancellationToken);

    public async Task<string> ChangeLeaseAsync(string blobName, string leaseId, string proposedLeaseId, CancellationToken cancellationToken)
    {
        var request = LeaseRequest(blobName, "change", "change lease")
            .WithHeader("x-ms-lease-id", leaseId)
            .WithHeader("x-ms-proposed-lease-id", proposedLeaseId);
        var response = await Client.SendAsync(request, cancellationToken);
        return response.Header("x-ms-lease-id") ?? proposedLeaseId;
    }

    private StorageRequest LeaseRequest(string blobName, string action, string operation) =>
        Request(HttpMethod.Put, operation, BlobUri(blobName, "comp=lease")).WithHeader("x-ms-lease-action", action);

    private string BlobUri(string blobName, string? query = null) =>
        $"{_containerUri}/{blobName}" + (query is null ? string.Empty : "?" + query);

    private static StorageRequest Request(HttpMethod method, string operation, string uri) => new(StorageService.Blob, method, new Uri(uri), operation);

    private static Dictionary<string, string> Metadata(IReadOnlyDictionary<string, string> headers) =>
        headers.Where(h => h.Key.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key[MetadataPrefix.Length..], h => h.Value, StringComparer.OrdinalIgnoreCase);
}
