using MyBot.Runtime;
using MyBot.Runtime.Storage;

namespace MyBot.Bench;

/// <summary>Wraps the grain storage to count replies stored by the HTTP channel, so the benchmark knows when a run is done.</summary>
internal sealed class ReplyWriteObserver(IGrainStorage inner) : IGrainStorage
{
    private long _replyWrites;

    public long ReplyWrites => Interlocked.Read(ref _replyWrites);

    public Task<GrainStateRecord?> ReadAsync(GrainId grainId, CancellationToken cancellationToken) => inner.ReadAsync(grainId, cancellationToken);

    public async Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken)
    {
        var result = await inner.WriteAsync(grainId, data, etag, cancellationToken);
        if (grainId.Type == "HttpReplyLog")
        {
            Interlocked.Increment(ref _replyWrites);
        }

        return result;
    }

    public Task ClearAsync(GrainId grainId, string? etag, CancellationToken cancellationToken) => inner.ClearAsync(grainId, etag, cancellationToken);

    public Task<string> QuarantineAsync(GrainId grainId, string reason, CancellationToken cancellationToken) => inner.QuarantineAsync(grainId, reason, cancellationToken);
}
