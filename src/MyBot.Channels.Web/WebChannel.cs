using MyBot.Channels.Hosting;

namespace MyBot.Channels.Web;

/// <summary>
/// The browser chat. Messages arrive over the page's WebSocket (<see cref="WebChatSocket"/>); a reply is delivered
/// when it is stored in its <see cref="IWebConversationGrain"/>, which keeps it until a browser acknowledged it and
/// pushes it to the sockets watching that conversation, on whichever silo they are.
/// </summary>
public sealed class WebChannel(IGrainFactory grains) : IDescribedChannel
{
    public const string PlatformName = "web";

    public string Platform => PlatformName;

    public string ReceiveMode => "websocket";

    public string? SingletonLeaseName => null;

    /// <summary>Messages arrive through the socket endpoint, so there is nothing to receive; this only marks the channel as running.</summary>
    public Task RunAsync(IInboundPublisher publisher, CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);

    /// <summary>The browser renders the Markdown itself and has no length limit.</summary>
    public IReadOnlyList<string> Format(string markdown) => [markdown];

    public Task<SendResult> SendAsync(OutboundChunk chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var conversation = grains.GetGrain<IWebConversationGrain>(chunk.Source.ToString());
        return StoredReplies.SendAsync(chunk, id => conversation.AppendReplyAsync(id, chunk.Text), cancellationToken);
    }

    public Task SendTypingAsync(EventSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return grains.GetGrain<IWebConversationGrain>(source.ToString()).ShowTypingAsync().WaitAsync(cancellationToken);
    }
}
