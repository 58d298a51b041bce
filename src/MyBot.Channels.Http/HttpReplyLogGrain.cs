using MyBot.Channels.Hosting;

namespace MyBot.Channels.Http;

/// <summary>
/// The durable log of replies delivered to one HTTP source. Appends are made one at a time by this activation;
/// long polls interleave with them and are woken by the append that gives them something to return.
/// </summary>
internal sealed class HttpReplyLogGrain(
    [PersistentState("http-reply-log")] IPersistentState<HttpReplyLogState> state,
    TimeProvider timeProvider) : Grain, IHttpReplyLogGrain
{
    private TaskCompletionSource _appended = NewSignal();

    /// <summary>
    /// The last reply known to be stored. Polls interleave with an append, so while its write is in flight they must
    /// not return its reply; a failed write drops the activation, so the reply is never shown from memory.
    /// </summary>
    private long _storedSeq;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _storedSeq = state.State.LastSeq;
        return Task.CompletedTask;
    }

    public async Task<long> AppendAsync(string id, string text, int capacity)
    {
        var log = state.State;
        if (log.Replies.Find(r => r.Id == id) is { } existing)
        {
            return existing.Seq;
        }

        var reply = new HttpReply(log.LastSeq + 1, id, text, timeProvider.GetUtcNow());
        log.LastSeq = reply.Seq;
        log.Replies.Add(reply);
        var excess = log.Replies.Count - capacity;
        if (excess > 0)
        {
            log.Replies.RemoveRange(0, excess);
        }

        await state.WriteOrDeactivateAsync(this);
        _storedSeq = reply.Seq;
        var appended = _appended;
        _appended = NewSignal();
        appended.TrySetResult();
        return reply.Seq;
    }

    public Task<IReadOnlyList<HttpReply>> ReadAsync(long after) => Task.FromResult<IReadOnlyList<HttpReply>>(RepliesAfter(after));

    public async Task<IReadOnlyList<HttpReply>> WaitAsync(long after, TimeSpan wait)
    {
        var replies = RepliesAfter(after);
        if (replies.Count > 0 || wait <= TimeSpan.Zero)
        {
            return replies;
        }

        await _appended.Task.WaitAsync(wait, timeProvider).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        return RepliesAfter(after);
    }

    private List<HttpReply> RepliesAfter(long after) => state.State.Replies.Where(r => r.Seq > after && r.Seq <= _storedSeq).ToList();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
