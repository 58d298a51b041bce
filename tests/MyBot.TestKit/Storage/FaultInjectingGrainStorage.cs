using MyBot.Runtime;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Storage.Memory;

namespace MyBot.TestKit.Storage;

/// <summary>
/// The runtime's <see cref="MemoryGrainStorage"/> plus the faults a test injects: conflicts on the next writes, and a
/// write slipped in just before the next one (as another replica's would be).
/// </summary>
public sealed class FaultInjectingGrainStorage(MemoryGrainStorage inner) : IGrainStorage
{
    private readonly Lock _gate = new();
    private int _conflictsToInject;

    public FaultInjectingGrainStorage()
        : this(new MemoryGrainStorage())
    {
    }

    /// <summary>Writes that succeeded.</summary>
    public int WriteCount => inner.WriteCount;

    /// <summary>Runs once, before the next write is checked: a test writes in between there, as another replica would.</summary>
    public Func<GrainId, Task>? BeforeNextWrite { get; set; }

    /// <summary>The next <paramref name="count"/> writes fail with a conflict, as if another writer had won each race.</summary>
    public void ConflictOnNextWrites(int count)
    {
        lock (_gate)
        {
            _conflictsToInject = count;
        }
    }

    public Task<GrainStateRecord?> ReadAsync(GrainId grainId, CancellationToken cancellationToken) => inner.ReadAsync(grainId, cancellationToken);

    public async Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken)
    {
        if (BeforeNextWrite is { } hook)
        {
            BeforeNextWrite = null;
            await hook(grainId);
        }

        lock (_gate)
        {
            if (_conflictsToInject > 0)
            {
                _conflictsToInject--;
                throw new InconsistentStateException($"Injected conflict writing {grainId}.", etag);
            }
        }

        return await inner.WriteAsync(grainId, data, etag, cancellationToken);
    }

    public Task ClearAsync(GrainId grainId, string? etag, CancellationToken cancellationToken) => inner.ClearAsync(grainId, etag, cancellationToken);

    public Task<string> QuarantineAsync(GrainId grainId, string reason, CancellationToken cancellationToken) => inner.QuarantineAsync(grainId, reason, cancellationToken);
}
