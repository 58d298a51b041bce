namespace MyBot.Runtime.Storage.Memory;

/// <summary>Grain state in memory with real ETag behaviour, for unit tests.</summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<GrainId, GrainStateRecord> _records = [];
    private readonly Dictionary<GrainId, GrainStateRecord> _quarantined = [];
    private readonly Lock _gate = new();
    private long _version;

    public int WriteCount { get; private set; }

    public long BytesWritten { get; private set; }

    public IReadOnlyDictionary<GrainId, GrainStateRecord> Quarantined
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<GrainId, GrainStateRecord>(_quarantined);
            }
        }
    }

    public Task<GrainStateRecord?> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.GetValueOrDefault(grainId));
        }
    }

    public Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var current = _records.GetValueOrDefault(grainId);
            if (current?.ETag != etag)
            {
                throw new InconsistentStateException($"Version conflict writing {grainId}: expected {etag ?? "no record"}, found {current?.ETag ?? "no record"}.", etag, current?.ETag);
            }

            var next = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _records[grainId] = new GrainStateRecord(data.ToArray(), next);
            WriteCount++;
            BytesWritten += data.Length;
            return Task.FromResult(next);
        }
    }

    public Task ClearAsync(GrainId grainId, string? etag, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var current = _records.GetValueOrDefault(grainId);
            if (etag is not null && current?.ETag != etag)
            {
                throw new InconsistentStateException($"Version conflict clearing {grainId}: expected {etag}, found {current?.ETag ?? "no record"}.", etag, current?.ETag);
            }

            _records.Remove(grainId);
            return Task.CompletedTask;
        }
    }

    public Task<string> QuarantineAsync(GrainId grainId, string reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_records.Remove(grainId, out var record))
            {
                _quarantined[grainId] = record;
            }

            return Task.FromResult($"memory:quarantine/{grainId}");
        }
    }

    /// <summary>Replaces a record behind the grain's back, as a second writer would: its next write then conflicts.</summary>
    public void SetRaw(GrainId grainId, ReadOnlyMemory<byte> data)
    {
        lock (_gate)
        {
            var next = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _records[grainId] = new GrainStateRecord(data.ToArray(), next);
        }
    }
}
