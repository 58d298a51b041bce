using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MyBot.TestKit.Discord;

/// <summary>
/// A Discord on 127.0.0.1: the gateway (WebSocket, JSON encoding, v10 opcodes) and the REST routes the bot uses,
/// speaking Discord's payloads, with controls to misbehave the ways the real one does.
/// </summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    private const long FirstSnowflake = 1_200_000_000_000_000_000;
    private const int MessageContentIntent = 1 << 15;

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<JsonObject>> _channelMessages = [];
    private readonly Dictionary<string, string> _directChannelByUser = [];
    private readonly Dictionary<string, string> _users = [];
    private readonly Dictionary<string, string> _guildByChannel = [];
    private readonly Dictionary<string, JsonObject> _messagesByNonce = [];
    private readonly Queue<FakeDiscordFailure> _failures = new();
    private readonly Dictionary<string, (DateTimeOffset WindowEnd, int Used)> _windows = [];
    private readonly List<FakeSentMessage> _sent = [];
    private readonly List<FakeRestRequest> _requests = [];
    private long _nextSnowflake = FirstSnowflake;
    private readonly Dictionary<string, DateTimeOffset> _channelBlockedUntil = [];
    private DateTimeOffset _globalBlockedUntil = DateTimeOffset.MinValue;
    private (DateTimeOffset WindowEnd, int Used) _globalWindow;
    private int _holdAfterCreated = int.MaxValue;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private GatewaySession? _session;
    private GatewayConnection? _current;
    private int _connections;
    private int _resumeUrlConnections;
    private int _identifies;
    private int _resumes;
    private int _heartbeats;
    private int? _lastClientCloseCode;
    private int _typing;
    private int _violations;
    private int _duplicateNonces;

    private FakeDiscord(WebApplication app, string token, TimeProvider time)
    {
        _app = app;
        Token = token;
        _time = time;
        BotUserId = NextId();
        _users[BotUserId] = "mybot";
    }

    public string Token { get; }

    public string BotUserId { get; }

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>What <c>MyBot:Discord:ApiBaseUrl</c> must be set to.</summary>
    public string ApiBaseUrl => $"{BaseUrl}/api/v10";

    public string GatewayUrl => $"{WebSocketBase}/gateway";

    /// <summary>Given in READY as <c>resume_gateway_url</c>: a different path, so tests can tell a resume used it.</summary>
    public string ResumeGatewayUrl => $"{WebSocketBase}/resume-gateway";

    public int HeartbeatIntervalMs { get; set; } = 41_250;

    /// <summary>Answer the next RESUME with INVALID_SESSION (d: false), as Discord does when a session is too old.</summary>
    public bool InvalidateSessionOnResume { get; set; }

    /// <summary>Close every IDENTIFY with 4004, as for a token Discord no longer accepts.</summary>
    public bool RejectIdentify { get; set; }

    /// <summary>Close IDENTIFY asking for the Message Content intent with 4014, as for a bot not allowed it in the portal.</summary>
    public bool DisallowMessageContentIntent { get; set; }

    /// <summary>When set, each channel allows this many messages per window and answers more with 429 (counted as violations).</summary>
    public (int Limit, TimeSpan Window)? MessageRateLimit { get; set; }

    /// <summary>When set, all message creations together may be at most this many per second (Discord's global limit is 50).</summary>
    public int? GlobalRequestsPerSecond { get; set; }

    /// <summary>Requests that arrived while a 429 the fake gave was still in force, or beyond the advertised limit.</summary>
    public int RateLimitViolations => Locked(() => _violations);

    /// <summary>Messages the bot posted again with a nonce it had already used (answered with the first message, not posted).</summary>
    public int DuplicateNonces => Locked(() => _duplicateNonces);

    public int TypingCount => Locked(() => _typing);

    public IReadOnlyList<FakeSentMessage> SentMessages => Locked(() => _sent.ToArray());

    public IReadOnlyList<FakeRestRequest> Requests => Locked(() => _requests.ToArray());

    public FakeGatewayStats GatewayStats => Locked(() => new FakeGatewayStats(_connections, _resumeUrlConnections, _identifies, _resumes, _heartbeats, _lastClientCloseCode));

    /// <summary>Whether a client is connected with an identified or resumed session.</summary>
    public bool HasLiveSession => Locked(() => _current is { Session: not null, Silent: false } current && current.Session == _session);

    private string WebSocketBase => "ws" + BaseUrl["http".Length..];

    public static async Task<FakeDiscord> StartAsync(string token = "fake-discord-bot-token", TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeDiscord(app, token, time ?? TimeProvider.System);
        fake.MapRoutes();
        await app.StartAsync().ConfigureAwait(false);
        fake.BaseUrl = app.Urls.First().TrimEnd('/');
        return fake;
    }

    public string CreateUser(string username)
    {
        var id = NextId();
        lock (_gate)
        {
            _users[id] = username;
        }

        return id;
    }

    public string DirectChannelId(string userId)
    {
        lock (_gate)
        {
            if (!_directChannelByUser.TryGetValue(userId, out var channelId))
            {
                channelId = NextId();
                _directChannelByUser[userId] = channelId;
                _channelMessages[channelId] = [];
            }

            return channelId;
        }
    }

    /// <summary>A guild text channel; messages in it carry <c>guild_id</c>.</summary>
    public (string GuildId, string ChannelId) CreateGuildChannel()
    {
        var guildId = NextId();
        var channelId = NextId();
        lock (_gate)
        {
            _channelMessages[channelId] = [];
            _guildByChannel[channelId] = guildId;
        }

        return (guildId, channelId);
    }

    /// <summary>The user writes to the bot in their DM channel: stored in history and dispatched if a session is live.</summary>
    public Task<FakeDiscordMessage> SendDirectMessageAsync(string userId, string content) =>
        PostUserMessageAsync(DirectChannelId(userId), userId, content, mentionBot: false, replyToMessageId: null, authorIsBot: false);

    public Task<FakeDiscordMessage> SendGuildMessageAsync(
        string channelId, string userId, string content, bool mentionBot = false, string? replyToMessageId = null, bool authorIsBot = false) =>
        PostUserMessageAsync(channelId, userId, mentionBot ? $"<@{BotUserId}> {content}" : content, mentionBot, replyToMessageId, authorIsBot);

    /// <summary>
    /// After the fake has created <paramref name="count"/> messages in all, it still creates further ones but holds their
    /// responses until <see cref="ReleaseResponses"/>: the bot does not learn they were sent, as when it dies mid-request.
    /// </summary>
    public void HoldResponsesAfterCreating(int count)
    {
        lock (_gate)
        {
            _holdAfterCreated = count;
        }
    }

    public void ReleaseResponses()
    {
        lock (_gate)
        {
            _holdAfterCreated = int.MaxValue;
            _release.TrySetResult();
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void EnqueueMessageFailure(FakeDiscordFailure failure)
    {
        lock (_gate)
        {
            _failures.Enqueue(failure);
        }
    }

    /// <summary>The current connection goes quiet: no HEARTBEAT_ACK, no dispatches (they wait for a RESUME), like a dead TCP path.</summary>
    public void SilenceCurrentConnection()
    {
        lock (_gate)
        {
            _current?.Silent = true;
        }
    }

    /// <summary>Closes the current gateway connection with <paramref name="code"/>, as Discord does.</summary>
    public async Task CloseGatewayAsync(int code, string reason = "")
    {
        var connection = Locked(() => _current);
        if (connection is not null)
        {
            await connection.CloseAsync(code, reason).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var connection = Locked(() => _current);
        connection?.Socket.Abort();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private string NextId() => Interlocked.Increment(ref _nextSnowflake).ToString(CultureInfo.InvariantCulture);

    private JsonObject UserObject(string userId, bool isBot = false) => new()
    {
        ["id"] = userId,
        ["username"] = Locked(() => _users.TryGetValue(userId, out var name) ? name : "user"),
        ["global_name"] = null,
        ["discriminator"] = "0",
        ["bot"] = isBot || userId == BotUserId,
    };

    private async Task<FakeDiscordMessage> PostUserMessageAsync(
        string channelId, string userId, string content, bool mentionBot, string? replyToMessageId, bool authorIsBot)
    {
        var id = NextId();
        var message = new JsonObject
        {
            ["id"] = id,
            ["channel_id"] = channelId,
            ["author"] = UserObject(userId, authorIsBot),
            ["content"] = content,
            ["timestamp"] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            ["type"] = replyToMessageId is null ? 0 : 19,
            ["tts"] = false,
            ["mention_everyone"] = false,
            ["mentions"] = mentionBot ? new JsonArray(UserObject(BotUserId)) : new JsonArray(),
            ["attachments"] = new JsonArray(),
            ["embeds"] = new JsonArray(),
            ["pinned"] = false,
        };

        lock (_gate)
        {
            if (replyToMessageId is not null)
            {
                var referenced = _channelMessages[channelId].First(m => (string?)m["id"] == replyToMessageId);
                message["message_reference"] = new JsonObject { ["message_id"] = replyToMessageId, ["channel_id"] = channelId };
                message["referenced_message"] = referenced.DeepClone();
            }

            _channelMessages[channelId].Add(message);
        }

        await DispatchMessageCreateAsync(channelId, message).ConfigureAwait(false);
        return new FakeDiscordMessage(id, channelId, userId, content);
    }

    private async Task DispatchMessageCreateAsync(string channelId, JsonObject message)
    {
        var gatewayMessage = (JsonObject)message.DeepClone();
        GatewayConnection? target = null;
        string? payload = null;
        lock (_gate)
        {
            if (_guildByChannel.TryGetValue(channelId, out var guildId))
            {
                gatewayMessage["guild_id"] = guildId;
            }

            if (_session is { } session)
            {
                var sequence = ++session.Sequence;
                payload = Dispatch("MESSAGE_CREATE", sequence, gatewayMessage);
                session.Log.Add((sequence, payload));
                if (_current is { Silent: false } current && current.Session == session)
                {
                    target = current;
                }
            }
        }

        if (target is not null && payload is not null)
        {
            await target.SendTextAsync(payload).ConfigureAwait(false);
        }
    }

    private static string Dispatch(string name, long sequence, JsonNode data) =>
        new JsonObject { ["op"] = 0, ["t"] = name, ["s"] = sequence, ["d"] = data }.ToJsonString();

    private void MapRoutes()
    {
        _app.UseWebSockets();
        _app.Map("/gateway", context => RunGatewayAsync(context, viaResumeUrl: false));
        _app.Map("/resume-gateway", context => RunGatewayAsync(context, viaResumeUrl: true));

        var api = _app.MapGroup("/api/v10");
        api.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            if (context.Request.Headers.Authorization.ToString() != $"Bot {Token}")
            {
                return Record(context, Results.Json(new { message = "401: Unauthorized", code = 0 }, statusCode: 401), 401);
            }

            return await next(invocation).ConfigureAwait(false);
        });

        api.MapGet("/gateway/bot", (HttpContext context) => Record(context, Results.Json(new JsonObject
        {
            ["url"] = GatewayUrl,
            ["shards"] = 1,
            ["session_start_limit"] = new JsonObject { ["total"] = 1000, ["remaining"] = 999, ["reset_after"] = 14_400_000, ["max_concurrency"] = 1 },
        }), 200));
        api.MapGet("/users/@me", (HttpContext context) => Record(context, Results.Text(UserObject(BotUserId).ToJsonString(), "application/json"), 200));
        api.MapPost("/channels/{channelId}/typing", (HttpContext context, string channelId) =>
        {
            lock (_gate)
            {
                _typing++;
            }

            return Record(context, Results.NoContent(), 204);
        });
        api.MapGet("/channels/{channelId}/messages", (HttpContext context, string channelId, string? after, int? limit) =>
        {
            lock (_gate)
            {
                if (!_channelMessages.TryGetValue(channelId, out var messages))
                {
                    return Record(context, Results.Json(new { message = "Unknown Channel", code = 10003 }, statusCode: 404), 404);
                }

                var afterId = after is null ? 0 : ulong.Parse(after, CultureInfo.InvariantCulture);

                // Discord returns the oldest messages after the id, newest first.
                var page = messages.Where(m => ulong.Parse((string)m["id"]!, CultureInfo.InvariantCulture) > afterId)
                    .Take(Math.Clamp(limit ?? 50, 1, 100))
                    .Reverse()
                    .Select(m => m.DeepClone())
                    .ToArray();
                return Record(context, Results.Text(new JsonArray(page).ToJsonString(), "application/json"), 200);
            }
        });
        api.MapPost("/channels/{channelId}/messages", CreateMessageAsync);
    }

    private IResult Record(HttpContext context, IResult result, int status)
    {
        lock (_gate)
        {
            _requests.Add(new FakeRestRequest(context.Request.Method, context.Request.Path.Value ?? string.Empty, status, _time.GetUtcNow()));
        }

        return result;
    }

    private async Task<IResult> CreateMessageAsync(HttpContext context, string channelId)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) as JsonObject ?? [];
        var content = (string?)body["content"] ?? string.Empty;
        var nonce = body["nonce"]?.ToString();
        var enforceNonce = (bool?)body["enforce_nonce"] == true;
        var replyTo = (string?)body["message_reference"]?["message_id"];

        JsonObject created;
        Task? hold = null;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!_channelMessages.TryGetValue(channelId, out var history))
            {
                return Record(context, Results.Json(new { message = "Unknown Channel", code = 10003 }, statusCode: 404), 404);
            }

            var blockedUntil = _channelBlockedUntil.TryGetValue(channelId, out var until) ? until : DateTimeOffset.MinValue;
            if (_globalBlockedUntil > now || blockedUntil > now)
            {
                _violations++;
                var global = _globalBlockedUntil > now;
                return Record(context, RateLimited(context, (global ? _globalBlockedUntil : blockedUntil) - now, global), 429);
            }

            if (GlobalRequestsPerSecond is { } perSecond)
            {
                _globalWindow = _globalWindow.WindowEnd > now ? _globalWindow : (now + TimeSpan.FromSeconds(1), 0);
                if (_globalWindow.Used >= perSecond)
                {
                    _violations++;
                    _globalBlockedUntil = _globalWindow.WindowEnd;
                    return Record(context, RateLimited(context, _globalWindow.WindowEnd - now, global: true), 429);
                }

                _globalWindow.Used++;
            }

            if (_failures.TryDequeue(out var failure))
            {
                return Record(context, Failure(context, failure, channelId, now), (int)failure.Status);
            }

            if (MessageRateLimit is { } rateLimit)
            {
                var window = _windows.TryGetValue(channelId, out var w) && w.WindowEnd > now ? w : (WindowEnd: now + rateLimit.Window, Used: 0);
                if (window.Used >= rateLimit.Limit)
                {
                    _violations++;
                    _channelBlockedUntil[channelId] = window.WindowEnd;
                    return Record(context, RateLimited(context, window.WindowEnd - now, global: false), 429);
                }

                window.Used++;
                _windows[channelId] = window;
                var headers = context.Response.Headers;
                headers["X-RateLimit-Limit"] = rateLimit.Limit.ToString(CultureInfo.InvariantCulture);
                headers["X-RateLimit-Remaining"] = (rateLimit.Limit - window.Used).ToString(CultureInfo.InvariantCulture);
                headers["X-RateLimit-Reset"] = (window.WindowEnd.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
                headers["X-RateLimit-Reset-After"] = (window.WindowEnd - now).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                headers["X-RateLimit-Bucket"] = "fake-create-message";
            }

            if (content.Length is 0 or > 2000)
            {
                return Record(
                    context,
                    Results.Json(new { message = "Invalid Form Body", code = 50035, errors = new { content = "Must be 2000 or fewer in length." } }, statusCode: 400),
                    400);
            }

            if (enforceNonce && nonce is not null && _messagesByNonce.TryGetValue($"{channelId}/{nonce}", out var existing))
            {
                _duplicateNonces++;
                return Record(context, Results.Text(existing.ToJsonString(), "application/json"), 200);
            }

            var id = NextId();
            created = new JsonObject
            {
                ["id"] = id,
                ["channel_id"] = channelId,
                ["author"] = UserObject(BotUserId),
                ["content"] = content,
                ["timestamp"] = now.ToString("O", CultureInfo.InvariantCulture),
                ["type"] = replyTo is null ? 0 : 19,
                ["mentions"] = new JsonArray(),
                ["attachments"] = new JsonArray(),
                ["nonce"] = nonce,
            };
            if (replyTo is not null)
            {
                created["message_reference"] = new JsonObject { ["message_id"] = replyTo, ["channel_id"] = channelId };
            }

            history.Add(created);
            if (nonce is not null)
            {
                _messagesByNonce[$"{channelId}/{nonce}"] = created;
            }

            _sent.Add(new FakeSentMessage(id, channelId, content, replyTo, nonce, now));
            if (_sent.Count > _holdAfterCreated)
            {
                hold = _release.Task;
            }
        }

        if (hold is not null)
        {
            await hold.WaitAsync(context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // Discord echoes the bot's own messages over the gateway too; the client must ignore them.
        await DispatchMessageCreateAsync(channelId, created).ConfigureAwait(false);
        return Record(context, Results.Text(created.ToJsonString(), "application/json"), 200);
    }

    private IResult Failure(HttpContext context, FakeDiscordFailure failure, string channelId, DateTimeOffset now)
    {
        switch (failure.Status)
        {
            case HttpStatusCode.TooManyRequests:
                var retryAfter = failure.RetryAfter ?? TimeSpan.FromSeconds(1);
                if (failure.Global)
                {
                    _globalBlockedUntil = now + retryAfter;
                }
                else
                {
                    _channelBlockedUntil[channelId] = now + retryAfter;
                }

                return RateLimited(context, retryAfter, failure.Global);
            case HttpStatusCode.Forbidden:
                return Results.Json(new { message = "Missing Access", code = 50001 }, statusCode: 403);
            case HttpStatusCode.NotFound:
                return Results.Json(new { message = "Unknown Channel", code = 10003 }, statusCode: 404);
            default:
                return Results.Json(new { message = "Internal Server Error", code = 0 }, statusCode: (int)failure.Status);
        }
    }

    private static IResult RateLimited(HttpContext context, TimeSpan retryAfter, bool global)
    {
        var seconds = Math.Max(0, retryAfter.TotalSeconds);
        context.Response.Headers["Retry-After"] = Math.Ceiling(seconds).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-RateLimit-Scope"] = global ? "global" : "user";
        if (global)
        {
            context.Response.Headers["X-RateLimit-Global"] = "true";
        }

        return Results.Json(new { message = "You are being rate limited.", retry_after = Math.Round(seconds, 3), global }, statusCode: 429);
    }

    private async Task RunGatewayAsync(HttpContext context, bool viaResumeUrl)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var connection = new GatewayConnection(socket);
        lock (_gate)
        {
            _connections++;
            _resumeUrlConnections += viaResumeUrl ? 1 : 0;
            _current = connection;
        }

        await connection.SendTextAsync(new JsonObject { ["op"] = 10, ["s"] = null, ["t"] = null, ["d"] = new JsonObject { ["heartbeat_interval"] = HeartbeatIntervalMs } }.ToJsonString())
            .ConfigureAwait(false);
        try
        {
            while (await connection.ReceiveAsync(context.RequestAborted).ConfigureAwait(false) is { } payload)
            {
                using (payload)
                {
                    await HandleGatewayPayloadAsync(connection, payload.RootElement).ConfigureAwait(false);
                }
            }

            lock (_gate)
            {
                _lastClientCloseCode = (int?)socket.CloseStatus;
            }

            if (socket.State == WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away without a close frame, as after a zombie abort.
        }
        finally
        {
            lock (_gate)
            {
                if (_current == connection)
                {
                    _current = null;
                }
            }
        }
    }

    private async Task HandleGatewayPayloadAsync(GatewayConnection connection, JsonElement payload)
    {
        var op = payload.GetProperty("op").GetInt32();
        var data = payload.TryGetProperty("d", out var d) ? d : default;
        switch (op)
        {
            case 1:
                bool ack;
                lock (_gate)
                {
                    _heartbeats++;
                    ack = !connection.Silent;
                }

                if (ack)
                {
                    await connection.SendTextAsync("""{"op":11,"s":null,"t":null,"d":null}""").ConfigureAwait(false);
                }

                break;
            case 2:
                await IdentifyAsync(connection, data).ConfigureAwait(false);
                break;
            case 6:
                await ResumeAsync(connection, data).ConfigureAwait(false);
                break;
        }
    }

    private async Task IdentifyAsync(GatewayConnection connection, JsonElement data)
    {
        lock (_gate)
        {
            _identifies++;
        }

        if (RejectIdentify || data.GetProperty("token").GetString() != Token)
        {
            await connection.CloseAsync(4004, "Authentication failed.").ConfigureAwait(false);
            return;
        }

        if (DisallowMessageContentIntent && (data.GetProperty("intents").GetInt32() & MessageContentIntent) != 0)
        {
            await connection.CloseAsync(4014, "Disallowed intent(s).").ConfigureAwait(false);
            return;
        }

        string ready;
        lock (_gate)
        {
            var session = new GatewaySession(Guid.NewGuid().ToString("N"));
            _session = session;
            connection.Session = session;
            var sequence = ++session.Sequence;
            ready = Dispatch("READY", sequence, new JsonObject
            {
                ["v"] = 10,
                ["user"] = UserObject(BotUserId),
                ["guilds"] = new JsonArray(),
                ["session_id"] = session.Id,
                ["resume_gateway_url"] = ResumeGatewayUrl,
                ["application"] = new JsonObject { ["id"] = BotUserId, ["flags"] = 0 },
            });
            session.Log.Add((sequence, ready));
        }

        await connection.SendTextAsync(ready).ConfigureAwait(false);
    }

    private async Task ResumeAsync(GatewayConnection connection, JsonElement data)
    {
        var sessionId = data.GetProperty("session_id").GetString();
        var after = data.TryGetProperty("seq", out var seq) && seq.ValueKind == JsonValueKind.Number ? seq.GetInt64() : 0;
        List<string> replay;
        lock (_gate)
        {
            _resumes++;
            if (data.GetProperty("token").GetString() != Token || InvalidateSessionOnResume || _session is null || _session.Id != sessionId)
            {
                InvalidateSessionOnResume = false;
                _session = null;
                replay = [];
            }
            else
            {
                connection.Session = _session;
                replay = [.. _session.Log.Where(e => e.Sequence > after).Select(e => e.Payload)];
                var sequence = ++_session.Sequence;
                replay.Add(Dispatch("RESUMED", sequence, new JsonObject()));
            }
        }

        if (replay.Count == 0)
        {
            await connection.SendTextAsync("""{"op":9,"s":null,"t":null,"d":false}""").ConfigureAwait(false);
            return;
        }

        foreach (var payload in replay)
        {
            await connection.SendTextAsync(payload).ConfigureAwait(false);
        }
    }

    private sealed class GatewaySession(string id)
    {
        public string Id { get; } = id;

        public long Sequence { get; set; }

        public List<(long Sequence, string Payload)> Log { get; } = [];
    }

    private sealed class GatewayConnection(WebSocket socket)
    {
        private readonly SemaphoreSlim _sendLock = new(1, 1);

        public WebSocket Socket { get; } = socket;

        public GatewaySession? Session { get; set; }

        public bool Silent { get; set; }

        public async Task SendTextAsync(string text)
        {
            await _sendLock.WaitAsync().ConfigureAwait(false);
            try
            {
                if (Socket.State == WebSocketState.Open)
                {
                    await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
            {
                // The client is gone; what it missed stays in the session log for a RESUME.
            }
            finally
            {
                _sendLock.Release();
            }
        }

        public async Task CloseAsync(int code, string reason)
        {
            await _sendLock.WaitAsync().ConfigureAwait(false);
            try
            {
                if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
            {
                // Already closed by the client.
            }
            finally
            {
                _sendLock.Release();
            }
        }

        public async Task<JsonDocument?> ReceiveAsync(CancellationToken cancellationToken)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[4096];
            while (true)
            {
                var result = await Socket.ReceiveAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                buffer.Write(chunk, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return JsonDocument.Parse(buffer.ToArray());
                }
            }
        }
    }
}
