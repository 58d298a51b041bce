namespace MyBot.Runtime;

/// <summary>A grain's durable state, read on activation, written with optimistic concurrency.</summary>
public interface IPersistentState<TState> where TState : new()
{
    TState State { get; set; }

    /// <summary>The storage version of the last read or write; null when the record does not exist.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Create-only when there is no ETag, if-match otherwise. Throws <see cref="InconsistentStateException"/> on conflict.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
