using Orleans.Concurrency;

namespace MyBot.Grains;

/// <summary>The durable log of replies delivered to one HTTP source (key: the EventSource string), for clients to fetch.</summary>
public interface IHttpReplyLogGrain : IGrainWithStringKey
{
    /// <summary>Appends the reply unless one with the same id is still in the log; returns its sequence number.</summary>
    Task<long> AppendAsync(string id, string text, int capacity);

    Task<IReadOnlyList<HttpReply>> ReadAsync(long after);

    /// <summary>
    /// The replies after <paramref name="after"/>, waiting up to <paramref name="wait"/> for one to arrive. Interleaves
    /// with appends, so a long poll never blocks the log; callers keep each wait well under the grain call timeout.
    /// </summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<HttpReply>> WaitAsync(long after, TimeSpan wait);
}
