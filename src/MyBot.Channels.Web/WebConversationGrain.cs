using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Channels.Hosting;
using Orleans.Utilities;

namespace MyBot.Channels.Web;

/// <summary>
/// The log of one browser conversation and the sockets watching it. An entry is pushed to the subscribed sockets only
/// after it is stored, so a browser never shows a reply a crash could take back; a socket that reconnects asks for
/// everything after the last entry it saw, and the browser drops an id it already shows.
/// </summary>
internal sealed class WebConversationGrain(
    [PersistentState("web-conversation")] IPersistentState<WebConversationState> state,
    IOptions<WebChatOptions> options,
    TimeProvider timeProvider,
    ILogger<WebConversationGrain> logger) : Grain, IWebConversationGrain
{
    /// <summary>A socket renews its subscription every <see cref="WebChatSocket.RenewInterval"/>; one that missed three renewals is gone.</summary>
    internal static readonly TimeSpan SubscriptionExpiry = WebChatSocket.RenewInterval * 3;

    private readonly ObserverManager<IWebChatObserver> _observers = new(SubscriptionExpiry, logger)
    {
        GetDateTime = () => timeProvider.GetUtcNow().UtcDateTime,
    };

    public async Task<WebChatEntry> AddUserMessageAsync(string id, string text) => await AppendAsync(id, WebChatRole.User, text);

    public async Task<long> AppendReplyAsync(string id, string text) => (await AppendAsync(id, WebChatRole.Agent, text)).Seq;

    public Task<IReadOnlyList<WebChatEntry>> SubscribeAsync(IWebChatObserver observer, long after)
    {
        _observers.Subscribe(observer, observer);
        return Task.FromResult<IReadOnlyList<WebChatEntry>>(state.State.Entries.Where(e => e.Seq > after).ToList());
    }

    public Task UnsubscribeAsync(IWebChatObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task AcknowledgeAsync(long seq)
    {
        var log = state.State;
        var acknowledged = Math.Min(seq, log.LastSeq);
        if (acknowledged <= log.AcknowledgedSeq)
        {
            return;
        }

        log.AcknowledgedSeq = acknowledged;
        Trim(log);
        await state.WriteOrDeactivateAsync(this);
    }

    public Task ShowTypingAsync()
    {
        var source = this.GetPrimaryKeyString();
        return _observers.Notify(observer => observer.OnTypingAsync(source));
    }

    public Task<int> PendingCountAsync() =>
        Task.FromResult(state.State.Entries.Count(e => e.Role == WebChatRole.Agent && e.Seq > state.State.AcknowledgedSeq));

    private async Task<WebChatEntry> AppendAsync(string id, WebChatRole role, string text)
    {
        var log = state.State;
        if (log.Entries.Find(e => e.Id == id) is { } existing)
        {
            return existing;
        }

        var entry = new WebChatEntry(log.LastSeq + 1, id, role, text, timeProvider.GetUtcNow());
        log.LastSeq = entry.Seq;
        log.Entries.Add(entry);
        Trim(log);
        await state.WriteOrDeactivateAsync(this);
        var source = this.GetPrimaryKeyString();
        await _observers.Notify(observer => observer.OnEntryAsync(source, entry));
        return entry;
    }

    /// <summary>Drops the oldest acknowledged entries beyond the capacity; what no browser has seen stays.</summary>
    private void Trim(WebConversationState log)
    {
        var excess = log.Entries.Count - options.Value.HistoryCapacity;
        var removable = 0;
        while (removable < excess && log.Entries[removable].Seq <= log.AcknowledgedSeq)
        {
            removable++;
        }

        log.Entries.RemoveRange(0, removable);
    }
}
