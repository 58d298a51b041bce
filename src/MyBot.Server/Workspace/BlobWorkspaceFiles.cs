using System.Collections;
using System.Collections.Frozen;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace MyBot.Server.Workspace;

/// <summary>
/// One read of the workspace's blobs as an <see cref="IFileProvider"/>. Its watch token fires when a later read differs,
/// whatever the filter: a reader reloading for a change elsewhere in the workspace does no harm.
/// </summary>
internal sealed class BlobWorkspaceFiles(FrozenDictionary<string, BlobWorkspaceFile> files) : IFileProvider
{
    private readonly CancellationTokenSource _changed = new();

    public FrozenDictionary<string, BlobWorkspaceFile> ByPath { get; } = files;

    public IFileInfo GetFileInfo(string subpath) =>
        ByPath.TryGetValue(Normalize(subpath), out var file) ? file : new NotFoundFileInfo(subpath);

    public IDirectoryContents GetDirectoryContents(string subpath)
    {
        var folder = Normalize(subpath);
        var prefix = folder.Length == 0 ? string.Empty : folder + "/";
        var entries = new SortedDictionary<string, IFileInfo>(StringComparer.Ordinal);
        foreach (var (path, file) in ByPath)
        {
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = path[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                entries[rest] = file;
            }
            else
            {
                entries.TryAdd(rest[..slash], new BlobWorkspaceFolder(rest[..slash]));
            }
        }

        return entries.Count == 0 && folder.Length > 0 ? NotFoundDirectoryContents.Singleton : new Contents(entries.Values);
    }

    public IChangeToken Watch(string filter) => new CancellationChangeToken(_changed.Token);

    /// <summary>Tells every watcher that this read is out of date.</summary>
    public void Expire() => _changed.Cancel();

    public static string Normalize(string subpath) => subpath.Replace('\\', '/').Trim('/');

    private sealed class Contents(IEnumerable<IFileInfo> entries) : IDirectoryContents
    {
        public bool Exists => true;

        public IEnumerator<IFileInfo> GetEnumerator() => entries.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
