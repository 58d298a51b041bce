using System.Collections.Concurrent;
using System.Globalization;
using MyBot.Runtime;
using MyBot.Runtime.Storage;

namespace MyBot.Channels.Telegram.Tests;

/// <summary>Grain storage with real ETag checks, one-process leases and dead letters, in memory: what a restart keeps.</summary>
internal sealed class TestStores : IGrainStorage, ISingletonLeaseProvider, IDeadLetterStore
{
    private readonly ConcurrentDictionary<GrainId, GrainStateRecord> _records = new();
    private readonly ConcurrentDictionary<string, DeadLetter> _letters = new();
    private readonly ConcurrentDictionary<string, object> _leases = new();
    private long _version;

    public Task<GrainStateRecord?> ReadAsync(GrainId grainId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryGetValue(grainId, out var record) ? record : null);

    public Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            var exists = _records.TryGetValue(grainId, out var current);
            if (etag is null ? exists : !exists || current!.ETag != etag)
            {
                throw new InconsistentStateException($"ETag mismatch on {grainId}", etag, current?.ETag);
            }

            var next = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
            _records[grainId] = new GrainStateRecord(data.ToArray(), next);
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
        return Task.FromResult("nowhere");
    }

    public Task<ISingletonLease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var lease = new Lease(name, this);
        return Task.FromResult<ISingletonLease?>(_leases.TryAdd(name, lease) ? lease : null);
    }

    public Task AddAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        _letters.TryAdd(letter.Id, letter);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeadLetter>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<DeadLetter>>([.. _letters.Values]);

    public Task<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult(_letters.GetValueOrDefault(id));

    public Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        _letters.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    private sealed class Lease(string name, TestStores owner) : ISingletonLease
    {
        public string Name { get; } = name;

        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync()
        {
            owner._leases.TryRemove(Name, out _);
            return ValueTask.CompletedTask;
        }
    }
}
