using System.Text;

namespace MyBot.Runtime.Storage.File;

/// <summary>
/// One file per grain under <c>grains/&lt;type&gt;/</c>: a header line with the ETag, then the state. The data directory
/// lock makes this process the only writer, so an in-process lock per grain is enough for compare-and-swap.
/// Nothing is kept per grain between calls: a write reads the current ETag from the file's header under the lock,
/// so a store that has written millions of grains holds memory only for the writes in progress.
/// </summary>
public sealed class FileGrainStorage(FileDataDirectory directory) : IGrainStorage
{
    private const string HeaderPrefix = "mybot-state etag=";

    // Our headers are 50 bytes; a longer one is not one this store wrote.
    private const int MaxHeaderBytes = 256;

    private readonly KeyedLock<GrainId> _locks = new();

    /// <summary>Grains with a write or clear in progress or waiting: 0 when the store is idle.</summary>
    internal int LockedKeys => _locks.Count;

    public async Task<GrainStateRecord?> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        var path = PathOf(grainId);
        byte[] content;
        try
        {
            content = await System.IO.File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var etag = ParseHeader(content, path, out var bodyStart);
        return new GrainStateRecord(content.AsMemory(bodyStart), etag);
    }

    public async Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken)
    {
        using (await _locks.EnterAsync(grainId, cancellationToken))
        {
            var current = await CurrentEtagAsync(grainId, cancellationToken);
            if (current != etag)
            {
                throw new InconsistentStateException(
                    $"Version conflict writing {grainId}: expected {etag ?? "no record"}, found {current ?? "no record"}.", etag, current);
            }

            var next = Guid.NewGuid().ToString("N");
            var header = Encoding.UTF8.GetBytes($"{HeaderPrefix}{next}\n");
            var content = new byte[header.Length + data.Length];
            header.CopyTo(content, 0);
            data.Span.CopyTo(content.AsSpan(header.Length));
            var path = PathOf(grainId);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            directory.WriteAtomically(path, content);
            return next;
        }
    }

    public async Task ClearAsync(GrainId grainId, string? etag, CancellationToken cancellationToken)
    {
        using (await _locks.EnterAsync(grainId, cancellationToken))
        {
            var current = await CurrentEtagAsync(grainId, cancellationToken);
            if (etag is not null && current != etag)
            {
                throw new InconsistentStateException($"Version conflict clearing {grainId}: expected {etag}, found {current ?? "no record"}.", etag, current);
            }

            FileDataDirectory.DeleteIfPresent(PathOf(grainId));
        }
    }

    public Task<string> QuarantineAsync(GrainId grainId, string reason, CancellationToken cancellationToken)
    {
        var path = PathOf(grainId);
        var target = directory.PathFor("quarantine", $"{FileDataDirectory.EscapeName(grainId.Type)}__{Path.GetFileName(path)}.{DateTime.UtcNow:yyyyMMddHHmmssfff}");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        System.IO.File.Move(path, target);
        System.IO.File.WriteAllText(target + ".reason.txt", reason);
        return Task.FromResult(target);
    }

    /// <summary>Where a grain's state lives: named in errors so the owner can find a corrupt file.</summary>
    public string PathOf(GrainId grainId) =>
        directory.PathFor("grains", FileDataDirectory.EscapeName(grainId.Type), FileDataDirectory.EscapeName(grainId.Key) + ".state");

    private static string ParseHeader(ReadOnlySpan<byte> content, string path, out int bodyStart)
    {
        var newline = content.IndexOf((byte)'\n');
        var header = newline < 0 ? string.Empty : Encoding.UTF8.GetString(content[..newline]);
        if (!header.StartsWith(HeaderPrefix, StringComparison.Ordinal) || header.Length == HeaderPrefix.Length)
        {
            throw new CorruptStateException($"The state file '{path}' has no valid header.");
        }

        bodyStart = newline + 1;
        return header[HeaderPrefix.Length..];
    }

    /// <summary>The ETag on disk, reading only the header: the caller holds the grain's lock, so it cannot change meanwhile.</summary>
    private async Task<string?> CurrentEtagAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        var path = PathOf(grainId);
        var buffer = new byte[MaxHeaderBytes];
        int length;
        try
        {
            using var handle = System.IO.File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            length = await RandomAccess.ReadAsync(handle, buffer, 0, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            return ParseHeader(buffer.AsSpan(0, length), path, out _);
        }
        catch (CorruptStateException)
        {
            return "corrupt";
        }
    }
}
