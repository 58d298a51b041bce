namespace MyBot.Runtime.Storage;

/// <summary>Stores one opaque record per grain, versioned by an ETag (a blob per grain in Azure, a file per grain on disk).</summary>
public interface IGrainStorage
{
    /// <summary>Returns null when no record exists.</summary>
    Task<GrainStateRecord?> ReadAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes create-only when <paramref name="etag"/> is null and if-match otherwise, and returns the new ETag.
    /// Throws <see cref="InconsistentStateException"/> when the condition fails.
    /// </summary>
    Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken);

    /// <summary>Deletes the record if its ETag still matches (a null ETag deletes whatever is there). Throws <see cref="InconsistentStateException"/> on a mismatch.</summary>
    Task ClearAsync(GrainId grainId, string? etag, CancellationToken cancellationToken);

    /// <summary>Moves an unreadable record aside so the grain can start afresh; returns where it went, for the log.</summary>
    Task<string> QuarantineAsync(GrainId grainId, string reason, CancellationToken cancellationToken);
}
