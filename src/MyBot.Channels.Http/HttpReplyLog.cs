using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MyBot.Runtime;
using MyBot.Runtime.Storage;

namespace MyBot.Channels.Http;

/// <summary>
/// The durable per-source log of replies the HTTP channel delivered, one grain-storage record per source so every
/// replica reads the same log. Appends are optimistic (ETag) and idempotent by reply id.
/// </summary>
public sealed class HttpReplyLog(IGrainStorage storage, IOptions<HttpApiOptions> options, TimeProvider timeProvider)
{
    private const string RecordType = "HttpReplyLog";
    private const int MaxConflictRetries = 20;

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    /// <summary>Appends the reply unless one with the same id is still in the log; returns its sequence number.</summary>
    public async Task<long> AppendAsync(EventSource source, string id, string text, CancellationToken cancellationToken)
    {
        var grainId = new GrainId(RecordType, source.ToString());
        for (var attempt = 1; ; attempt++)
        {
            var record = await storage.ReadAsync(grainId, cancellationToken);
            var state = record is null ? new HttpReplyLogState() : Deserialize(record.Data);
            if (state.Replies.Find(r => r.Id == id) is { } existing)
            {
                return existing.Seq;
            }

            var reply = new HttpReply(state.LastSeq + 1, id, text, timeProvider.GetUtcNow());
            state.LastSeq = reply.Seq;
            state.Replies.Add(reply);
            var excess = state.Replies.Count - options.Value.ReplyLogCapacity;
            if (excess > 0)
            {
                state.Replies.RemoveRange(0, excess);
            }

            try
            {
                await storage.WriteAsync(grainId, JsonSerializer.SerializeToUtf8Bytes(state, ChannelJson.Options), record?.ETag, cancellationToken);
            }
            catch (InconsistentStateException) when (attempt < MaxConflictRetries)
            {
                continue;
            }

            Signal(source);
            return reply.Seq;
        }
    }

    /// <summary>The replies with a sequence number above <paramref name="after"/>, oldest first.</summary>
    public async Task<IReadOnlyList<HttpReply>> ReadAsync(EventSource source, long after, CancellationToken cancellationToken)
    {
        var record = await storage.ReadAsync(new GrainId(RecordType, source.ToString()), cancellationToken);
        return record is null ? [] : Deserialize(record.Data).Replies.Where(r => r.Seq > after).ToList();
    }

    /// <summary>
    /// Waits up to <paramref name="wait"/> for replies after <paramref name="after"/>: woken at once by an append in this
    /// process, and re-reading storage every <paramref name="pollInterval"/> for appends by other replicas.
    /// </summary>
    public async Task<IReadOnlyList<HttpReply>> WaitAsync(EventSource source, long after, TimeSpan wait, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetTimestamp() + (long)(wait.TotalSeconds * timeProvider.TimestampFrequency);
        while (true)
        {
            var signal = _signals.GetOrAdd(source.ToString(), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            var replies = await ReadAsync(source, after, cancellationToken);
            var remaining = TimeSpan.FromSeconds((double)(deadline - timeProvider.GetTimestamp()) / timeProvider.TimestampFrequency);
            if (replies.Count > 0 || remaining <= TimeSpan.Zero)
            {
                return replies;
            }

            var nap = remaining < pollInterval ? remaining : pollInterval;
            await Task.WhenAny(signal, Task.Delay(nap, timeProvider, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private void Signal(EventSource source)
    {
        if (_signals.TryRemove(source.ToString(), out var signal))
        {
            signal.TrySetResult();
        }
    }

    private static HttpReplyLogState Deserialize(ReadOnlyMemory<byte> data) =>
        JsonSerializer.Deserialize<HttpReplyLogState>(data.Span, ChannelJson.Options) ?? new HttpReplyLogState();
}
