using Orleans.Concurrency;

namespace MyBot.Grains;

/// <summary>
/// A browser socket's subscription to <see cref="IWebConversationGrain"/>s, held by the silo that holds the socket.
/// One-way, so a socket on a silo that died never holds up the conversation: its subscription simply lapses.
/// </summary>
public interface IWebChatObserver : IGrainObserver
{
    [OneWay]
    Task OnEntryAsync(string source, WebChatEntry entry);

    [OneWay]
    Task OnTypingAsync(string source);
}
