using System.Collections.Concurrent;
using Orleans.Storage;

namespace MyBot.Grains.Tests.Support;

/// <summary>
/// Grain storage in memory that outlives a test cluster, so a test can stop every silo and start new ones on the same
/// state (Orleans' memory storage lives in a grain and goes with the cluster). It keeps Orleans' ETag contract,
/// serializes with the silo's grain-storage serializer, counts the bytes written and can fail writes on demand.
/// </summary>
internal sealed class RecordingGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<string, (BinaryData Data, string ETag)> _records = new();
    private long _bytesWritten;
    private long _writes;
    private int _failNextWrites;

    /// <summary>Set by the first silo that uses this storage; all silos of a test serialize the same way.</summary>
    public IGrainStorageSerializer? Serializer { get; set; }

    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    public long Writes => Interlocked.Read(ref _writes);

    public void FailNextWrites(int count) => Interlocked.Exchange(ref _failNextWrites, count);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_records.TryGetValue(Key(stateName, grainId), out var record))
        {
            grainState.State = Serializer!.Deserialize<T>(record.Data);
            grainState.ETag = record.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Interlocked.Decrement(ref _failNextWrites) >= 0)
        {
            throw new IOException("Injected storage failure.");
        }

        var key = Key(stateName, grainId);
        var data = Serializer!.Serialize(grainState.State);
        var etag = Guid.NewGuid().ToString("N");
        lock (_records)
        {
            var current = _records.TryGetValue(key, out var record) ? record.ETag : null;
            if (current != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch for {key}", current, grainState.ETag);
            }

            _records[key] = (data, etag);
        }

        Interlocked.Add(ref _bytesWritten, data.ToMemory().Length);
        Interlocked.Increment(ref _writes);
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _records.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{grainId}/{stateName}";
}
