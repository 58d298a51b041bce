using Microsoft.Extensions.DependencyInjection;
using MyBot.Channels.Hosting;

namespace MyBot.Channels.Http;

/// <summary>
/// The durable log of replies delivered to one HTTP source. Appends are made one at a time by this activation;
/// long polls interleave with them and are woken by the append that gives them something to return.
/// </summary>
internal sealed class HttpReplyLogGrain(
    [PersistentState("http-reply-log")] IPersistentState<HttpReplyLogState> state,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider timeProvider) : Grain, IHttpReplyLogGrain
{
    private TaskCompletionSource _appended = NewSignal();

    public async Task<long> AppendAsync(string id, string text, int capacity)
    {
        var log = state.State;
        if (log.Replies.Find(r => r.Id == id) is { } existing)
        {
            return existing.Seq;
        }

        var before = (log.LastSeq, Replies: log.Replies.ToList());
        var reply = new HttpReply(log.LastSeq + 1, id, text, timeProvider.GetUtcNow());
        log.LastSeq = reply.Seq;
        log.Replies.Add(reply);
        var excess = log.Replies.Count - capacity;
        if (excess > 0)
        {
            log.Replies.RemoveRange(0, excess);
        }

        try
        {
            await state.WriteOrDeactivateAsync(this);
        }
        catch
        {
            // A poll interleaved with this append must not return, nor a retry find, a reply that is not stored.
            (log.LastSeq, log.Replies) = before;
            throw;
        }

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

    private List<HttpReply> RepliesAfter(long after) => state.State.Replies.Where(r => r.Seq > after).ToList();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
