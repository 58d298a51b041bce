using System.Collections.Concurrent;
using MyBot.Runtime;
using MyBot.Runtime.Storage;

namespace MyBot.Channels.Discord.Tests.Support;

/// <summary>Grain records in memory with real ETag conditions; <see cref="FailNextWrites"/> injects conflicts.</summary>
internal sealed class InMemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<GrainId, GrainStateRecord> _records = new();
    private int _version;
    private int _conflictsToInject;

    public int Writes { get; private set; }

    public void FailNextWrites(int count) => Interlocked.Exchange(ref _conflictsToInject, count);

    public Task<GrainStateRecord?> ReadAsync(GrainId grainId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryGetValue(grainId, out var record) ? record : null);

    public Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            _records.TryGetValue(grainId, out var current);
            if (Interlocked.Decrement(ref _conflictsToInject) >= 0 || current?.ETag != etag)
            {
                throw new InconsistentStateException($"ETag mismatch for {grainId}.", etag, current?.ETag);
            }

            var next = $"v{Interlocked.Increment(ref _version)}";
            _records[grainId] = new GrainStateRecord(data.ToArray(), next);
            Writes++;
            return Task.FromResult(next);
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
        return Task.FromResult("memory");
    }
}
