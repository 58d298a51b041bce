using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Channels.Discord.Rest;

namespace MyBot.Channels.Discord.Gateway;

/// <summary>
/// One Discord gateway session over <see cref="ClientWebSocket"/>: identifies, heartbeats, detects a zombie connection,
/// resumes where it can and identifies afresh where it cannot, and stops for good on the close codes that retrying cannot fix.
/// </summary>
/// <remarks>
/// Events go to the handler through a queue owned by the run, not the connection, so a slow handler never delays
/// heartbeat ACKs, and events received before a drop are still handled after it.
/// </remarks>
public sealed partial class DiscordGatewayClient(
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    IHeartbeatJitter jitter,
    ILogger<DiscordGatewayClient> logger)
{
    public const GatewayIntents Intents = GatewayIntents.GuildMessages | GatewayIntents.DirectMessages | GatewayIntents.MessageContent;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Runs until cancelled; throws <see cref="ChannelFatalException"/> when Discord refuses the token or intents.</summary>
    public async Task RunAsync(IGatewayEventHandler handler, CancellationToken cancellationToken)
    {
        var events = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var processing = ProcessEventsAsync(events.Reader, handler, stop.Token);
        var connecting = ConnectLoopAsync(events.Writer, stop.Token);
        var first = await Task.WhenAny(processing, connecting).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await first.ConfigureAwait(false);
        }
        finally
        {
            await Task.WhenAll(processing, connecting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task ProcessEventsAsync(ChannelReader<object> events, IGatewayEventHandler handler, CancellationToken cancellationToken)
    {
        await foreach (var gatewayEvent in events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (gatewayEvent)
            {
                case DiscordReady ready:
                    await handler.OnReadyAsync(ready, cancellationToken).ConfigureAwait(false);
                    break;
                case DiscordMessage message:
                    await handler.OnMessageCreatedAsync(message, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task ConnectLoopAsync(ChannelWriter<object> events, CancellationToken cancellationToken)
    {
        var session = new GatewaySession();
        string? gatewayUrl = null;
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var resuming = session.CanResume;
            var url = resuming ? session.ResumeUrl! : gatewayUrl ??= (await rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false)).Url;

            ConnectionResult result;
            try
            {
                result = await RunConnectionAsync(url, resuming, session, events, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is WebSocketException or IOException or JsonException or InvalidDataException
                                              || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                result = new ConnectionResult(NextStep.Resume, exception.Message, Established: false);
            }

            failures = result.Established ? 0 : failures + 1;
            TimeSpan delay;
            switch (result.Next)
            {
                case NextStep.Fatal:
                    Log.Fatal(logger, result.Reason);
                    throw new ChannelFatalException(result.Reason);
                case NextStep.IdentifyAfterInvalidSession:
                    session.Reset();
                    delay = TimeSpan.FromSeconds(1 + (4 * jitter.NextFraction()));
                    break;
                case NextStep.Identify:
                    session.Reset();
                    delay = Backoff(failures);
                    break;
                default:
                    if (!result.Established)
                    {
                        gatewayUrl = null;
                    }

                    delay = Backoff(failures);
                    break;
            }

            Log.Reconnecting(logger, result.Reason, session.CanResume, delay.TotalMilliseconds);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reconnects at once after a connection that worked; backs off exponentially while connections keep failing.</summary>
    private TimeSpan Backoff(int failures) =>
        failures == 0
            ? TimeSpan.Zero
            : TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 1000 * Math.Pow(2, failures - 1)) * (0.5 + (jitter.NextFraction() / 2)));

    private async Task<ConnectionResult> RunConnectionAsync(
        string url, bool resuming, GatewaySession session, ChannelWriter<object> events, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(GatewayUri(url), cancellationToken).ConfigureAwait(false);
        var connection = new GatewayConnection(socket);

        using var hello = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        if (hello is null)
        {
            return await FromCloseAsync(socket, established: false).ConfigureAwait(false);
        }

        if (Op(hello) != GatewayOpCode.Hello)
        {
            throw new InvalidDataException($"Discord gateway sent op {Op(hello)} before HELLO.");
        }

        var interval = TimeSpan.FromMilliseconds(hello.RootElement.GetProperty("d").GetProperty("heartbeat_interval").GetDouble());
        using var connectionStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = HeartbeatAsync(connection, session, interval, connectionStop);
        var established = false;
        try
        {
            var token = options.Value.BotToken!;
            if (resuming)
            {
                Log.Resuming(logger, session.Sequence);
                await connection.SendAsync(GatewayOpCode.Resume, new ResumePayload(token, session.SessionId!, session.Sequence), connectionStop.Token).ConfigureAwait(false);
            }
            else
            {
                await connection.SendAsync(GatewayOpCode.Identify, IdentifyPayload.Create(token), connectionStop.Token).ConfigureAwait(false);
            }

            while (true)
            {
                using var payload = await connection.ReceiveAsync(connectionStop.Token).ConfigureAwait(false);
                if (payload is null)
                {
                    return await FromCloseAsync(socket, established).ConfigureAwait(false);
                }

                var root = payload.RootElement;
                switch (Op(payload))
                {
                    case GatewayOpCode.Dispatch:
                        if (root.TryGetProperty("s", out var sequence) && sequence.ValueKind == JsonValueKind.Number)
                        {
                            session.Sequence = sequence.GetInt64();
                        }

                        established |= Dispatch(root, session, events);
                        break;
                    case GatewayOpCode.Heartbeat:
                        await connection.SendHeartbeatAsync(session.Sequence, connectionStop.Token).ConfigureAwait(false);
                        break;
                    case GatewayOpCode.HeartbeatAck:
                        connection.AckReceived();
                        break;
                    case GatewayOpCode.Reconnect:
                        await CloseQuietlyAsync(socket, GatewayCloseCodes.ClientReconnect).ConfigureAwait(false);
                        return new ConnectionResult(NextStep.Resume, "Discord asked for a reconnect (op 7)", established);
                    case GatewayOpCode.InvalidSession:
                        var resumable = root.TryGetProperty("d", out var d) && d.ValueKind == JsonValueKind.True;
                        Log.InvalidSession(logger, resumable);
                        await CloseQuietlyAsync(socket, resumable ? GatewayCloseCodes.ClientReconnect : (int)WebSocketCloseStatus.NormalClosure).ConfigureAwait(false);
                        return resumable
                            ? new ConnectionResult(NextStep.Resume, "Discord invalidated the session (resumable)", established)
                            : new ConnectionResult(NextStep.IdentifyAfterInvalidSession, "Discord invalidated the session", established);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException
                                          && connection.IsZombie && !cancellationToken.IsCancellationRequested)
        {
            Log.Zombie(logger, interval.TotalMilliseconds);
            return new ConnectionResult(NextStep.Resume, "no HEARTBEAT_ACK: zombie connection", established);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return new ConnectionResult(NextStep.Resume, $"connection lost: {exception.Message}", established);
        }
        finally
        {
            await connectionStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <returns>Whether the session is now established (READY or RESUMED).</returns>
    private bool Dispatch(JsonElement root, GatewaySession session, ChannelWriter<object> events)
    {
        var name = root.TryGetProperty("t", out var t) ? t.GetString() : null;
        var data = root.GetProperty("d");
        switch (name)
        {
            case "READY":
                var ready = data.Deserialize<DiscordReady>(DiscordJson.Options) ?? throw new InvalidDataException("READY without data.");
                session.SessionId = ready.SessionId;
                session.ResumeUrl = ready.ResumeGatewayUrl;
                Log.Ready(logger, ready.User.Id);
                events.TryWrite(ready);
                return true;
            case "RESUMED":
                Log.Resumed(logger, session.Sequence);
                return true;
            case "MESSAGE_CREATE":
                if (data.Deserialize<DiscordMessage>(DiscordJson.Options) is { } message)
                {
                    events.TryWrite(message);
                }

                return false;
            default:
                return false;
        }
    }

    private async Task HeartbeatAsync(GatewayConnection connection, GatewaySession session, TimeSpan interval, CancellationTokenSource connectionStop)
    {
        var token = connectionStop.Token;
        try
        {
            // Discord asks for the first beat at a random point of the first interval, so reconnecting bots do not beat in step.
            await Task.Delay(interval * jitter.NextFraction(), time, token).ConfigureAwait(false);
            while (true)
            {
                if (connection.AwaitingAck)
                {
                    connection.MarkZombie();
                    await connectionStop.CancelAsync().ConfigureAwait(false);
                    return;
                }

                await connection.SendHeartbeatAsync(session.Sequence, token).ConfigureAwait(false);
                await Task.Delay(interval, time, token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The receive loop owns the connection's fate; a failed beat shows up there as a closed or aborted socket.
        }
    }

    private async Task<ConnectionResult> FromCloseAsync(ClientWebSocket socket, bool established)
    {
        var code = (int?)socket.CloseStatus ?? (int)WebSocketCloseStatus.EndpointUnavailable;
        Log.Closed(logger, code, socket.CloseStatusDescription);

        // Echo Discord's own code: answering 1000 would end a session Discord meant to keep resumable.
        await CloseQuietlyAsync(socket, code).ConfigureAwait(false);
        if (GatewayCloseCodes.FatalReason(code) is { } fatal)
        {
            return new ConnectionResult(NextStep.Fatal, fatal, established);
        }

        return GatewayCloseCodes.EndsSession(code)
            ? new ConnectionResult(NextStep.Identify, $"gateway closed with {code}; the session cannot be resumed", established)
            : new ConnectionResult(NextStep.Resume, $"gateway closed with {code}", established);
    }

    private async Task CloseQuietlyAsync(ClientWebSocket socket, int code)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(CloseTimeout, time);
        try
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            socket.Abort();
        }
    }

    private static GatewayOpCode Op(JsonDocument payload) => (GatewayOpCode)payload.RootElement.GetProperty("op").GetInt32();

    private static Uri GatewayUri(string url) => new UriBuilder(url) { Query = "v=10&encoding=json" }.Uri;

    private enum NextStep
    {
        Resume,
        Identify,
        IdentifyAfterInvalidSession,
        Fatal,
    }

    private sealed record ConnectionResult(NextStep Next, string Reason, bool Established);

    /// <summary>What survives a dropped connection so the next one can RESUME.</summary>
    private sealed class GatewaySession
    {
        private long _sequence = -1;

        public string? SessionId { get; set; }

        public string? ResumeUrl { get; set; }

        public long? Sequence
        {
            get => Interlocked.Read(ref _sequence) is var value and >= 0 ? value : null;
            set => Interlocked.Exchange(ref _sequence, value ?? -1);
        }

        public bool CanResume => SessionId is not null && ResumeUrl is not null;

        public void Reset()
        {
            SessionId = null;
            ResumeUrl = null;
            Sequence = null;
        }
    }

    private sealed class GatewayConnection(ClientWebSocket socket)
    {
        private readonly SemaphoreSlim _sendLock = new(1, 1);
        private int _awaitingAck;
        private int _zombie;

        public bool AwaitingAck => Volatile.Read(ref _awaitingAck) == 1;

        public bool IsZombie => Volatile.Read(ref _zombie) == 1;

        public void AckReceived() => Volatile.Write(ref _awaitingAck, 0);

        public void MarkZombie() => Volatile.Write(ref _zombie, 1);

        public Task SendHeartbeatAsync(long? sequence, CancellationToken cancellationToken)
        {
            Volatile.Write(ref _awaitingAck, 1);
            return SendAsync(GatewayOpCode.Heartbeat, sequence, cancellationToken);
        }

        public async Task SendAsync<T>(GatewayOpCode op, T data, CancellationToken cancellationToken)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(new OutgoingPayload<T>((int)op, data), DiscordJson.Options);
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }

        /// <summary>The next payload, or null when Discord closed the connection.</summary>
        public async Task<JsonDocument?> ReceiveAsync(CancellationToken cancellationToken)
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                buffer.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    return JsonDocument.Parse(buffer.WrittenMemory);
                }
            }
        }
    }

    private sealed record OutgoingPayload<T>(int Op, T D);

    private sealed record ResumePayload(string Token, string SessionId, long? Seq);

    private sealed record IdentifyProperties(string Os, string Browser, string Device);

    private sealed record IdentifyPayload(string Token, int Intents, IdentifyProperties Properties)
    {
        public static IdentifyPayload Create(string token) =>
            new(token, (int)DiscordGatewayClient.Intents, new IdentifyProperties(OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux", "mybot", "mybot"));
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Discord gateway ready as bot user {BotUserId}")]
        public static partial void Ready(ILogger logger, string botUserId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Discord gateway resuming after sequence {Sequence}")]
        public static partial void Resuming(ILogger logger, long? sequence);

        [LoggerMessage(Level = LogLevel.Information, Message = "Discord gateway resumed after sequence {Sequence}")]
        public static partial void Resumed(ILogger logger, long? sequence);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Discord gateway missed a HEARTBEAT_ACK (interval {IntervalMs} ms): zombie connection, reconnecting to resume")]
        public static partial void Zombie(ILogger logger, double intervalMs);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Discord gateway invalidated the session (resumable {Resumable})")]
        public static partial void InvalidSession(ILogger logger, bool resumable);

        [LoggerMessage(Level = LogLevel.Information, Message = "Discord gateway closed with code {Code} ({Description})")]
        public static partial void Closed(ILogger logger, int code, string? description);

        [LoggerMessage(Level = LogLevel.Information, Message = "Discord gateway reconnecting ({Reason}); resume {Resume}, after {DelayMs} ms")]
        public static partial void Reconnecting(ILogger logger, string reason, bool resume, double delayMs);

        [LoggerMessage(Level = LogLevel.Error, Message = "Discord gateway stopped: {Reason}")]
        public static partial void Fatal(ILogger logger, string reason);
    }
}
