namespace MyBot.Grains;

/// <summary>
/// The conversation of one EventSource (its string form is the key). It consumes the <c>inbound</c> stream through an
/// implicit subscription: each event is deduplicated by id and put in a durable inbox, and the agent turns run from the
/// inbox off the stream's delivery path.
/// </summary>
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Puts an event taken back from the dead letters into the inbox as if it were new: the session forgets that it gave
    /// up on it and its attempts start at zero. A call repeated with the same <paramref name="retryId"/> does nothing.
    /// </summary>
    Task RetryAsync(InboundEvent inbound, string retryId);

    /// <summary>
    /// Puts an event in the inbox without the stream: a cron job's run, or a message from an account whose identity shares
    /// one history. Returns once it is durable; an id already answered or waiting is dropped.
    /// </summary>
    Task EnqueueAsync(InboundEvent inbound);

    /// <summary>What the session holds: for the admin API and for tests that wait for a conversation to settle.</summary>
    Task<SessionSnapshot> GetSnapshotAsync();

    /// <summary>The recorded way of one of the conversation's recent messages, or null when it is not (or no longer) kept.</summary>
    Task<MessageTrace?> GetTraceAsync(string eventId);
}
