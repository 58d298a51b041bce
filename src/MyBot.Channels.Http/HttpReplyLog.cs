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

    // Only sources with a wait in progress have an entry, so idle sources cost nothing here.
    private readonly Dictionary<string, Waiters> _waiters = new(StringComparer.Ordinal);

    /// <summary>Sources with a wait in progress: 0 when nobody long-polls.</summary>
    internal int WaitedSources
    {
        get
        {
            lock (_waiters)
            {
                return _waiters.Count;
            }
        }
    }

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
        var key = source.ToString();
        var waiters = Join(key);
        try
        {
            while (true)
            {
                // Taken before the read, so an append that lands after the read still wakes this wait.
                Task signal;
                lock (_waiters)
                {
                    signal = waiters.Signal.Task;
                }

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
        finally
        {
            Leave(key, waiters);
        }
    }

    private Waiters Join(string key)
    {
        lock (_waiters)
        {
            if (!_waiters.TryGetValue(key, out var waiters))
            {
                waiters = new Waiters();
                _waiters[key] = waiters;
            }

            waiters.Count++;
            return waiters;
        }
    }

    private void Leave(string key, Waiters waiters)
    {
        lock (_waiters)
        {
            if (--waiters.Count == 0)
            {
                _waiters.Remove(key);
            }
        }
    }

    private void Signal(EventSource source)
    {
        TaskCompletionSource signal;
        lock (_waiters)
        {
            if (!_waiters.TryGetValue(source.ToString(), out var waiters))
            {
                return;
            }

            signal = waiters.Signal;
            waiters.Signal = NewSignal();
        }

        signal.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static HttpReplyLogState Deserialize(ReadOnlyMemory<byte> data) =>
        JsonSerializer.Deserialize<HttpReplyLogState>(data.Span, ChannelJson.Options) ?? new HttpReplyLogState();

    /// <summary>The waits in progress for one source and the signal that wakes them all on the next local append.</summary>
    private sealed class Waiters
    {
        public TaskCompletionSource Signal { get; set; } = NewSignal();

        public int Count { get; set; }
    }
}
