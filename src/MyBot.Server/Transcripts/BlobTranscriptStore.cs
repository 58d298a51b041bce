using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using MyBot.Agent.History;
using MyBot.Orleans.AzureStorage.Hosting;

namespace MyBot.Server.Transcripts;

/// <summary>
/// The cluster's transcripts: one append blob of JSON lines per session under <c>transcripts/&lt;conversation&gt;/</c> in
/// our container, so a session's record survives its replica and every silo reads the same one.
/// </summary>
/// <remarks>
/// A turn's entries go in one append block, which storage writes whole or not at all. A block the client retried after a
/// lost answer can be there twice; the entries' inbound ids tell such repeats apart, as they do for a turn replayed after a crash.
/// </remarks>
public sealed class BlobTranscriptStore(AzureStorageClients clients) : ITranscriptStore
{
    private const string Prefix = "transcripts/";

    public async Task AppendAsync(string conversationKey, string sessionId, IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await clients.EnsureContainerAsync(cancellationToken);
        var blob = clients.Container.GetAppendBlobClient(BlobName(conversationKey, sessionId));
        await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        using var block = new MemoryStream();
        foreach (var entry in entries)
        {
            var line = TranscriptJson.ToLine(entry);
            if (block.Length > 0 && block.Length + line.Length > blob.AppendBlobMaxAppendBlockBytes)
            {
                await AppendAsync(blob, block, cancellationToken);
            }

            block.Write(line);
        }

        await AppendAsync(blob, block, cancellationToken);
    }

    public async Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationKey, string sessionId, CancellationToken cancellationToken)
    {
        await clients.EnsureContainerAsync(cancellationToken);
        BinaryData content;
        try
        {
            content = (await clients.Container.GetBlobClient(BlobName(conversationKey, sessionId)).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }

        return TranscriptJson.ReadLines(content.ToMemory().Span);
    }

    public async Task<IReadOnlyList<string>> ListSessionsAsync(string conversationKey, CancellationToken cancellationToken)
    {
        await clients.EnsureContainerAsync(cancellationToken);
        var folder = Folder(conversationKey);
        var sessions = new List<string>();
        await foreach (var item in clients.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = folder }, cancellationToken))
        {
            sessions.Add(Uri.UnescapeDataString(item.Name[folder.Length..^".jsonl".Length]));
        }

        return [.. sessions.Order(StringComparer.Ordinal)];
    }

    private static async Task AppendAsync(AppendBlobClient blob, MemoryStream block, CancellationToken cancellationToken)
    {
        block.Position = 0;
        await blob.AppendBlockAsync(block, cancellationToken: cancellationToken);
        block.SetLength(0);
    }

    /// <summary>Escaped, so the colons and slashes of keys and ids do not become folders.</summary>
    private static string Folder(string conversationKey) => Prefix + Uri.EscapeDataString(conversationKey) + "/";

    private static string BlobName(string conversationKey, string sessionId) => Folder(conversationKey) + Uri.EscapeDataString(sessionId) + ".jsonl";
}
