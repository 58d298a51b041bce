using System.Collections.Concurrent;
using System.Globalization;
using MyBot.Runtime;
using MyBot.Runtime.Storage;

namespace MyBot.Channels.Tests.Http;

/// <summary>Grain storage in memory with real ETag checks, and a hook that lets a test slip in a conflicting write.</summary>
internal sealed class TestGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<GrainId, GrainStateRecord> _records = new();
    private long _version;

    /// <summary>Runs before each write is checked; a test uses it to write in between (as another replica would).</summary>
    public Func<GrainId, Task>? BeforeWrite { get; set; }

    public int Writes { get; private set; }

    public Task<GrainStateRecord?> ReadAsync(GrainId grainId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryGetValue(grainId, out var record) ? record : null);

    public async Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken)
    {
        if (BeforeWrite is { } hook)
        {
            BeforeWrite = null;
            await hook(grainId);
        }

        lock (_records)
        {
            var exists = _records.TryGetValue(grainId, out var current);
            if (etag is null ? exists : !exists || current!.ETag != etag)
            {
                throw new InconsistentStateException($"ETag mismatch on {grainId}", etag, current?.ETag);
            }

            var next = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
            _records[grainId] = new GrainStateRecord(data.ToArray(), next);
            Writes++;
            return next;
        }
    }

    public Task ClearAsync(GrainId grainId, string? etag, CancellationToken cancellationToken)
    {
        _records.TryRemove(grainId, out _);
        return Task.CompletedTask;
    }

    public Task<string> QuarantineAsync(GrainId grainId, string reason, CancellationToken cancellationToken)
    {
        _records.TryRemove(grainId, out _);
        return Task.FromResult($"memory:{grainId}");
    }
}
