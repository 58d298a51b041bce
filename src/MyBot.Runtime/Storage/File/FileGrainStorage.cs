using System.Collections.Concurrent;
using System.Text;

namespace MyBot.Runtime.Storage.File;

/// <summary>
/// One file per grain under <c>grains/&lt;type&gt;/</c>: a header line with the ETag, then the state. The data directory
/// lock makes this process the only writer, so an in-process lock per grain is enough for compare-and-swap.
/// </summary>
public sealed class FileGrainStorage(FileDataDirectory directory) : IGrainStorage
{
    private const string HeaderPrefix = "mybot-state etag=";
    private readonly ConcurrentDictionary<GrainId, SemaphoreSlim> _locks = new();

    // The data directory lock makes this process the only writer, so the last known ETag saves a read per write.
    private readonly ConcurrentDictionary<GrainId, string?> _etags = new();

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
            _etags[grainId] = null;
            return null;
        }

        var newline = Array.IndexOf(content, (byte)'\n');
        var header = newline < 0 ? string.Empty : Encoding.UTF8.GetString(content, 0, newline);
        if (!header.StartsWith(HeaderPrefix, StringComparison.Ordinal) || header.Length == HeaderPrefix.Length)
        {
            throw new CorruptStateException($"The state file '{path}' has no valid header.");
        }

        var etag = header[HeaderPrefix.Length..];
        _etags[grainId] = etag;
        return new GrainStateRecord(content.AsMemory(newline + 1), etag);
    }

    public async Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(grainId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
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
            _etags[grainId] = next;
            return next;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task ClearAsync(GrainId grainId, string? etag, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(grainId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var current = await CurrentEtagAsync(grainId, cancellationToken);
            if (etag is not null && current != etag)
            {
                throw new InconsistentStateException($"Version conflict clearing {grainId}: expected {etag}, found {current ?? "no record"}.", etag, current);
            }

            FileDataDirectory.DeleteIfPresent(PathOf(grainId));
            _etags[grainId] = null;
        }
        finally
        {
            gate.Release();
        }
    }

    public Task<string> QuarantineAsync(GrainId grainId, string reason, CancellationToken cancellationToken)
    {
        var path = PathOf(grainId);
        var target = directory.PathFor("quarantine", $"{FileDataDirectory.EscapeName(grainId.Type)}__{Path.GetFileName(path)}.{DateTime.UtcNow:yyyyMMddHHmmssfff}");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        System.IO.File.Move(path, target);
        _etags[grainId] = null;
        System.IO.File.WriteAllText(target + ".reason.txt", reason);
        return Task.FromResult(target);
    }

    /// <summary>Where a grain's state lives: named in errors so the owner can find a corrupt file.</summary>
    public string PathOf(GrainId grainId) =>
        directory.PathFor("grains", FileDataDirectory.EscapeName(grainId.Type), FileDataDirectory.EscapeName(grainId.Key) + ".state");

    private async Task<string?> CurrentEtagAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        if (_etags.TryGetValue(grainId, out var known))
        {
            return known;
        }

        try
        {
            return (await ReadAsync(grainId, cancellationToken))?.ETag;
        }
        catch (CorruptStateException)
        {
            return "corrupt";
        }
    }
}
