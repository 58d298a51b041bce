using Orleans.Concurrency;

namespace MyBot.Grains;

/// <summary>
/// One browser conversation (key: its EventSource string, <c>web:&lt;user&gt;:&lt;conversation&gt;</c>): the durable log of
/// its messages and replies, and the browser's acknowledgement of them. A reply stays pending here until a browser
/// acknowledged it, so one delivered while no tab was open reaches the next one that opens the conversation.
/// </summary>
public interface IWebConversationGrain : IGrainWithStringKey
{
    /// <summary>Records the user's message unless one with the same id is in the log; returns the stored entry.</summary>
    Task<WebChatEntry> AddUserMessageAsync(string id, string text);

    /// <summary>Stores the agent's reply (once per id), then pushes it to the subscribed sockets; returns its sequence number.</summary>
    Task<long> AppendReplyAsync(string id, string text);

    /// <summary>
    /// Subscribes (or renews) <paramref name="observer"/> and returns the entries after <paramref name="after"/>; entries
    /// stored later are pushed to it. A subscription not renewed within the grain's expiry lapses.
    /// </summary>
    Task<IReadOnlyList<WebChatEntry>> SubscribeAsync(IWebChatObserver observer, long after);

    Task UnsubscribeAsync(IWebChatObserver observer);

    /// <summary>A browser has shown every entry up to <paramref name="seq"/>: replies up to it are no longer pending.</summary>
    Task AcknowledgeAsync(long seq);

    /// <summary>Tells the subscribed sockets the agent is working; nothing is stored.</summary>
    [OneWay]
    Task ShowTypingAsync();

    /// <summary>Replies no browser has acknowledged yet.</summary>
    Task<int> PendingCountAsync();
}
