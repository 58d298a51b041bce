using System.Collections.Frozen;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Workspace;
using MyBot.Orleans.AzureStorage.Hosting;

namespace MyBot.Server.Workspace;

/// <summary>
/// The workspace in cloud mode: the blobs under <c>workspace/</c> in the cluster's container, so every silo reads the
/// same agents and nothing of them lives on a replica's disk. Read whole at start and again every
/// <see cref="PollInterval"/> (one listing; only changed blobs are downloaded), so an upload is picked up without a restart.
/// </summary>
/// <remarks>
/// An empty workspace is seeded once from <c>MyBot:Workspace</c> when that folder exists (an image can carry the owner's
/// agents); each file is created only if absent, so silos starting together, or a later start, never overwrite an upload.
/// </remarks>
public sealed partial class BlobWorkspace : IAgentWorkspace, IDisposable
{
    public const string Prefix = "workspace/";

    /// <summary>How long an upload takes to reach the agents; each read costs one listing request.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(15);

    private readonly AzureStorageClients _clients;
    private readonly ILogger<BlobWorkspace> _logger;
    private readonly Lock _refreshGate = new();
    private readonly ITimer _poll;
    private BlobWorkspaceFiles _files;

    public BlobWorkspace(AzureStorageClients clients, IOptions<AgentOptions> options, TimeProvider timeProvider, ILogger<BlobWorkspace> logger)
    {
        _clients = clients;
        _logger = logger;
        clients.Container.CreateIfNotExists();
        _files = Read(previous: null);
        if (_files.ByPath.Count == 0 && options.Value.Workspace is { Length: > 0 } seed && Directory.Exists(seed))
        {
            Seed(Path.GetFullPath(seed));
            _files = Read(previous: null);
        }

        _poll = timeProvider.CreateTimer(_ => Refresh(), null, PollInterval, PollInterval);
    }

    public IFileProvider Files => Volatile.Read(ref _files);

    public string Locate(string path) => $"{_clients.Container.Uri.AbsoluteUri.TrimEnd('/')}/{Prefix}{BlobWorkspaceFiles.Normalize(path)}";

    public bool CreateIfMissing(string path, string content)
    {
        var created = true;
        try
        {
            Create(BlobWorkspaceFiles.Normalize(path), BinaryData.FromString(content));
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            created = false;
        }

        // Read either way: the file another silo created a moment ago is the one to use now, not after the next poll.
        Refresh();
        return created;
    }

    /// <summary>Reads the workspace again now; the timer calls it, and tests that need the change without waiting.</summary>
    public void Refresh()
    {
        // A read slower than the poll interval is not stacked on by the next tick.
        if (!_refreshGate.TryEnter())
        {
            return;
        }

        try
        {
            var previous = _files;
            var next = Read(previous);
            if (next != previous)
            {
                Volatile.Write(ref _files, next);
                previous.Expire();
                Log.Changed(_logger, next.ByPath.Count);
            }
        }
        catch (RequestFailedException e)
        {
            Log.ReadFailed(_logger, e);
        }
        catch (AggregateException e)
        {
            Log.ReadFailed(_logger, e);
        }
        finally
        {
            _refreshGate.Exit();
        }
    }

    public void Dispose() => _poll.Dispose();

    /// <returns><paramref name="previous"/> itself when nothing changed, so watchers are told only of real changes.</returns>
    private BlobWorkspaceFiles Read(BlobWorkspaceFiles? previous)
    {
        var files = new Dictionary<string, BlobWorkspaceFile>(StringComparer.Ordinal);
        var unchanged = true;
        foreach (var item in _clients.Container.GetBlobs(new GetBlobsOptions { Prefix = Prefix }))
        {
            var path = item.Name[Prefix.Length..];
            if (previous is not null && previous.ByPath.TryGetValue(path, out var known) && known.ETag == item.Properties.ETag)
            {
                files[path] = known;
                continue;
            }

            var download = _clients.Container.GetBlobClient(item.Name).DownloadContent().Value;
            files[path] = new BlobWorkspaceFile(path[(path.LastIndexOf('/') + 1)..], download.Details.ETag, download.Details.LastModified, download.Content);
            unchanged = false;
        }

        return previous is not null && unchanged && files.Count == previous.ByPath.Count
            ? previous
            : new BlobWorkspaceFiles(files.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private void Seed(string folder)
    {
        var created = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var path = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            try
            {
                Create(path, BinaryData.FromBytes(File.ReadAllBytes(file)));
                created++;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Another silo seeded it first, or the owner uploaded it.
            }
        }

        Log.Seeded(_logger, created, folder, Locate(string.Empty));
    }

    private void Create(string path, BinaryData content) =>
        _clients.Container.GetBlobClient(Prefix + path).Upload(content, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } });

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Seeded the empty workspace with {Count} files from {Folder} into {Workspace}")]
        public static partial void Seeded(ILogger logger, int count, string folder, string workspace);

        [LoggerMessage(2, LogLevel.Information, "The workspace changed in storage ({Count} files); readers reload")]
        public static partial void Changed(ILogger logger, int count);

        [LoggerMessage(3, LogLevel.Warning, "Could not read the workspace from storage; keeping the last read and trying again")]
        public static partial void ReadFailed(ILogger logger, Exception exception);
    }
}
