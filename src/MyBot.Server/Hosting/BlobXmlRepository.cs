using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.DataProtection.Repositories;
using MyBot.Orleans.AzureStorage.Hosting;

namespace MyBot.Server.Hosting;

/// <summary>
/// The data protection key ring of a cluster as one blob in our container, so every silo reads the same keys and a
/// cookie one silo issued is read by the others and after a restart. Adding a key is a read-modify-write guarded by
/// the blob's ETag, so two silos creating keys at once both keep theirs.
/// </summary>
/// <remarks>Data protection reads the ring rarely (at start, then about daily) and its repository API is synchronous.</remarks>
public sealed class BlobXmlRepository(AzureStorageClients clients) : IXmlRepository
{
    public const string BlobName = "data-protection/keys.xml";

    public IReadOnlyCollection<XElement> GetAllElements() => Read().Document.Root!.Elements().ToList();

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var blob = clients.Container.GetBlobClient(BlobName);
        while (true)
        {
            var (document, etag) = Read();
            document.Root!.Add(new XElement(element));
            var conditions = etag is { } match ? new BlobRequestConditions { IfMatch = match } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            try
            {
                blob.Upload(BinaryData.FromString(document.ToString(SaveOptions.DisableFormatting)), new BlobUploadOptions { Conditions = conditions });
                return;
            }
            catch (RequestFailedException exception) when (exception.Status is 409 or 412)
            {
                // Another silo stored a key in between: read its version and add ours to it.
            }
        }
    }

    private (XDocument Document, ETag? ETag) Read()
    {
        clients.EnsureContainerAsync(CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            var content = clients.Container.GetBlobClient(BlobName).DownloadContent().Value;
            return (XDocument.Parse(content.Content.ToString()), content.Details.ETag);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return (new XDocument(new XElement("repository")), null);
        }
    }
}
