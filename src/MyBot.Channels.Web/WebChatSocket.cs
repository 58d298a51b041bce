using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace MyBot.Channels.Web;

/// <summary>
/// One browser's WebSocket. It subscribes to the conversation the page shows with a grain observer (renewed every
/// <see cref="RenewInterval"/>), forwards what the grain pushes, and hands the page's messages to the agent through the
/// durable inbound stream. Every frame is one JSON object with a <c>type</c>; the protocol is described in
/// <c>wwwroot/chat.js</c>, its one client.
/// </summary>
internal sealed partial class WebChatSocket(
    WebSocket socket,
    string user,
    IGrainFactory grains,
    IInboundPublisher publisher,
    int maxMessageLength,
    TimeProvider timeProvider,
    ILogger logger) : IWebChatObserver
{
    /// <summary>How often the socket renews its subscription; the renewal also fetches anything a lost push missed.</summary>
    internal static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(20);

    /// <summary>The longest frame read from the page: the longest message plus JSON escaping.</summary>
    private int MaxFrameBytes => (maxMessageLength * 6) + 1024;

    private readonly Channel<object> _outgoing = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private IWebChatObserver? _reference;
    private string? _conversation;
    private long _lastSeq;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<IWebChatObserver>(this);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sending = SendLoopAsync(stop.Token);
        var renewing = RenewLoopAsync(stop.Token);
        try
        {
            await ReceiveLoopAsync(stop.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            Log.SocketClosed(logger, exception.Message);
        }
        finally
        {
            await stop.CancelAsync();
            _outgoing.Writer.TryComplete();
            await Task.WhenAll(sending, renewing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await UnsubscribeAsync();
            grains.DeleteObjectReference<IWebChatObserver>(_reference);
        }
    }

    public Task OnEntryAsync(string source, WebChatEntry entry)
    {
        lock (_gate)
        {
            if (_conversation is not { } conversation || source != SourceOf(conversation))
            {
                return Task.CompletedTask;
            }

            _lastSeq = Math.Max(_lastSeq, entry.Seq);
        }

        Send(new EntriesFrame(ConversationOf(source), [entry]));
        return Task.CompletedTask;
    }

    public Task OnTypingAsync(string source)
    {
        if (Volatile.Read(ref _conversation) is { } conversation && source == SourceOf(conversation))
        {
            Send(new TypingFrame(ConversationOf(source)));
        }

        return Task.CompletedTask;
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var frame = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                return;
            }

            frame.Write(buffer, 0, result.Count);
            if (frame.Length > MaxFrameBytes)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "Message too long.", cancellationToken);
                return;
            }

            if (!result.EndOfMessage)
            {
                continue;
            }

            var bytes = frame.ToArray();
            frame.SetLength(0);
            await HandleAsync(bytes);
        }
    }

    private async Task HandleAsync(byte[] bytes)
    {
        ClientFrame? frame;
        try
        {
            frame = JsonSerializer.Deserialize<ClientFrame>(bytes, ChannelJson.Options);
        }
        catch (JsonException exception)
        {
            Send(new ErrorFrame(null, $"Not a JSON frame: {exception.Message}"));
            return;
        }

        try
        {
            switch (frame?.Type)
            {
                case "list":
                    Send(new ConversationsFrame(await grains.GetGrain<IWebChatUserGrain>(user).ListAsync()));
                    break;
                case "open" when IsConversationId(frame.Conversation):
                    await OpenAsync(frame.Conversation!, frame.After ?? 0);
                    break;
                case "send" when IsConversationId(frame.Conversation):
                    await SendMessageAsync(frame.Conversation!, frame.Id, frame.Text);
                    break;
                case "ack" when IsConversationId(frame.Conversation) && frame.Seq is > 0:
                    await grains.GetGrain<IWebConversationGrain>(SourceOf(frame.Conversation)).AcknowledgeAsync(frame.Seq.Value);
                    break;
                default:
                    Send(new ErrorFrame(frame?.Id, "Unknown frame: expected list, open, send or ack with a conversation id of 1-64 letters, digits, '_' or '-'."));
                    break;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.FrameFailed(logger, exception, frame?.Type ?? "?");
            Send(new ErrorFrame(frame?.Id, "The server could not do that just now; the page tries again."));
        }
    }

    private async Task OpenAsync(string conversation, long after)
    {
        var previous = Volatile.Read(ref _conversation);
        if (previous is not null && previous != conversation)
        {
            await UnsubscribeAsync();
        }

        lock (_gate)
        {
            _conversation = conversation;
            _lastSeq = after;
        }

        await RenewAsync(conversation);
    }

    private async Task SendMessageAsync(string conversation, string? id, string? text)
    {
        if (id is null || id.Length is 0 or > 128 || !EventSource.IsValidId(id))
        {
            Send(new ErrorFrame(id, "A message needs an 'id' of 1-128 characters without ':' or white space."));
            return;
        }

        if (string.IsNullOrWhiteSpace(text) || text.Length > maxMessageLength)
        {
            Send(new ErrorFrame(id, $"A message needs a 'text' of 1-{maxMessageLength} characters (MyBot:Api:MaxMessageLength)."));
            return;
        }

        var source = new EventSource(WebChannel.PlatformName, user, conversation);
        await grains.GetGrain<IWebConversationGrain>(source.ToString()).AddUserMessageAsync(id, text);
        await publisher.PublishAsync(
            new InboundEvent(InboundEvent.CreateId(source, id), source, text, timeProvider.GetUtcNow(), id, SenderName: user),
            CancellationToken.None);
        await grains.GetGrain<IWebChatUserGrain>(user).TouchAsync(conversation, text);
        Send(new AcceptedFrame(conversation, id));
    }

    private async Task RenewLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(RenewInterval, timeProvider, cancellationToken);
            if (Volatile.Read(ref _conversation) is { } conversation)
            {
                try
                {
                    await RenewAsync(conversation);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Log.RenewFailed(logger, exception);
                }
            }
        }
    }

    /// <summary>Subscribes again and sends what the page has not had: after a silo restart or a lost push, this catches up.</summary>
    private async Task RenewAsync(string conversation)
    {
        long after;
        lock (_gate)
        {
            after = _lastSeq;
        }

        var entries = await grains.GetGrain<IWebConversationGrain>(SourceOf(conversation)).SubscribeAsync(_reference!, after);
        lock (_gate)
        {
            if (_conversation != conversation)
            {
                return;
            }

            if (entries.Count > 0)
            {
                _lastSeq = Math.Max(_lastSeq, entries[^1].Seq);
            }
        }

        Send(new EntriesFrame(conversation, entries));
    }

    private async Task UnsubscribeAsync()
    {
        if (Volatile.Read(ref _conversation) is not { } conversation)
        {
            return;
        }

        try
        {
            await grains.GetGrain<IWebConversationGrain>(SourceOf(conversation)).UnsubscribeAsync(_reference!);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The subscription lapses by itself after the grain's expiry.
            Log.RenewFailed(logger, exception);
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        await foreach (var frame in _outgoing.Reader.ReadAllAsync(cancellationToken))
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(frame, frame.GetType(), ChannelJson.Options);
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }

    private void Send(object frame) => _outgoing.Writer.TryWrite(frame);

    private string SourceOf(string conversation) => $"{WebChannel.PlatformName}:{user}:{conversation}";

    private static string ConversationOf(string source) => source[(source.LastIndexOf(':') + 1)..];

    internal static bool IsConversationId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private sealed record ClientFrame(string? Type, string? Conversation, long? After, string? Id, string? Text, long? Seq);

    private sealed record EntriesFrame(string Conversation, IReadOnlyList<WebChatEntry> Entries)
    {
        public string Type => "entries";
    }

    private sealed record TypingFrame(string Conversation)
    {
        public string Type => "typing";
    }

    private sealed record AcceptedFrame(string Conversation, string Id)
    {
        public string Type => "accepted";
    }

    private sealed record ConversationsFrame(IReadOnlyList<WebConversationSummary> Items)
    {
        public string Type => "conversations";
    }

    private sealed record ErrorFrame(string? Id, string Error)
    {
        public string Type => "error";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "A chat socket closed: {Reason}")]
        public static partial void SocketClosed(ILogger logger, string reason);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "A chat socket's {FrameType} frame failed; the page was told to retry")]
        public static partial void FrameFailed(ILogger logger, Exception exception, string frameType);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Renewing a chat socket's subscription failed; the next renewal tries again")]
        public static partial void RenewFailed(ILogger logger, Exception exception);
    }
}
