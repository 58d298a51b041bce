using System.Collections.Concurrent;

namespace MyBot.TestKit.Orleans;

/// <summary>
/// Grain state of a test cluster held outside its silos, so it outlives a silo that is stopped or killed, like a disk
/// or a storage account would. Orleans' memory provider keeps each record inside a grain on one of the silos instead.
/// </summary>
public sealed class SharedGrainStateStore
{
    private readonly ConcurrentDictionary<string, (byte[] Data, string ETag)> _records = new(StringComparer.Ordinal);
    private int _writes;
    private long _bytesWritten;
    private int _failNextWrites;
    private int _waitingWrites;

    /// <summary>Writes that succeeded.</summary>
    public int WriteCount => Volatile.Read(ref _writes);

    /// <summary>The serialized size of all writes that succeeded.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Makes the next <paramref name="count"/> writes throw an <see cref="IOException"/>, as a storage hiccup would.</summary>
    public void FailNextWrites(int count) => Interlocked.Exchange(ref _failNextWrites, count);

    /// <summary>While set, every write throws it (as a full disk or an unreachable account would).</summary>
    public Exception? WriteFailure { get; set; }

    /// <summary>While set, every write waits for it first, as on a slow disk; <see cref="WaitingWrites"/> counts them.</summary>
    public Task? WriteGate { get; set; }

    public int WaitingWrites => Volatile.Read(ref _waitingWrites);

    internal async Task PassWriteGateAsync()
    {
        if (WriteGate is not { } gate)
        {
            return;
        }

        Interlocked.Increment(ref _waitingWrites);
        try
        {
            await gate;
        }
        finally
        {
            Interlocked.Decrement(ref _waitingWrites);
        }
    }

    internal bool TryRead(string key, out (byte[] Data, string ETag) record) => _records.TryGetValue(key, out record);

    internal string Write(string key, byte[] data, string? etag)
    {
        if (WriteFailure is { } failure)
        {
            throw failure;
        }

        if (Interlocked.Decrement(ref _failNextWrites) >= 0)
        {
            throw new IOException("Injected storage failure.");
        }

        var next = Guid.NewGuid().ToString("N");
        var written = etag is null
            ? _records.TryAdd(key, (data, next))
            : _records.TryGetValue(key, out var current) && current.ETag == etag && _records.TryUpdate(key, (data, next), current);
        if (!written)
        {
            throw new global::Orleans.Storage.InconsistentStateException($"The record {key} changed since it was read (ETag {etag ?? "none"}).");
        }

        Interlocked.Increment(ref _writes);
        Interlocked.Add(ref _bytesWritten, data.Length);
        return next;
    }

    internal void Clear(string key, string? etag)
    {
        if (etag is not null && !(_records.TryGetValue(key, out var current) && current.ETag == etag && _records.TryRemove(new(key, current))))
        {
            throw new global::Orleans.Storage.InconsistentStateException($"The record {key} changed since it was read (ETag {etag}).");
        }
    }
}
