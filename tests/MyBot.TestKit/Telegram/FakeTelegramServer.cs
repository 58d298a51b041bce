using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MyBot.TestKit.Telegram;

/// <summary>
/// A Telegram Bot API server on 127.0.0.1 speaking the real JSON at <c>/bot&lt;token&gt;/&lt;method&gt;</c>: getMe,
/// getUpdates (long polling with offsets, 409 for a second poller or a webhook), sendMessage (HTML checked as Telegram
/// does, 4096 limit), sendChatAction, setWebhook, deleteWebhook, setMyCommands. It enforces Telegram's rate limits
/// (about one message per second per chat, 30 per second per bot) with 429 + retry_after, records a violation when a
/// client ignores a retry_after, and injects faults on demand. Requests may come as JSON (chunked or not), form or query.
/// </summary>
public sealed partial class FakeTelegramServer : IAsyncDisposable
{
    public const string DefaultToken = "123456789:AAFakeTokenForTestsOnly_abcdefghijkl";
    public const long BotId = 123456789;
    public const string BotUsername = "mybot_test_bot";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<JsonObject> _updates = [];
    private readonly List<SentTelegramMessage> _sent = [];
    private readonly List<(long ChatId, string Action, DateTimeOffset At)> _actions = [];
    private readonly List<TelegramRequestRecord> _requests = [];
    private readonly List<RateLimitViolation> _violations = [];
    private readonly List<(string Method, long? ChatId, TelegramFault Fault, int RetryAfter)> _faults = [];
    private readonly HashSet<long> _blockedChats = [];
    private readonly Dictionary<long, long> _migratedChats = [];
    private readonly Dictionary<long, List<DateTimeOffset>> _chatSends = [];
    private readonly List<DateTimeOffset> _botSends = [];
    private readonly Dictionary<long, DateTimeOffset> _retryAfterUntil = [];
    private readonly Dictionary<long, long> _messageIds = [];
    private TaskCompletionSource _updateArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _activePoll;
    private long _nextUpdateId = 1000;
    private long _confirmedOffset;
    private int _rateLimitedCount;

    private FakeTelegramServer(WebApplication app, Uri url, string token)
    {
        _app = app;
        Url = url;
        Token = token;
    }

    /// <summary>The value for <c>MyBot:Telegram:ApiBaseUrl</c>.</summary>
    public Uri Url { get; }

    public string Token { get; }

    public bool EnforceRateLimits { get; set; } = true;

    /// <summary>Messages allowed per chat in any one-second window.</summary>
    public int PerChatPerSecond { get; set; } = 1;

    /// <summary>Messages allowed per bot in any one-second window.</summary>
    public int GlobalPerSecond { get; set; } = 30;

    /// <summary>Slack for timing jitter between a paced client and the fake's clock.</summary>
    public TimeSpan RateLimitTolerance { get; set; } = TimeSpan.FromMilliseconds(100);

    public string? WebhookUrl { get; private set; }

    public string? WebhookSecret { get; private set; }

    public IReadOnlyList<string> Commands { get; private set; } = [];

    /// <summary>The offset the client last confirmed: every update below it is acknowledged.</summary>
    public long ConfirmedOffset
    {
        get
        {
            lock (_gate)
            {
                return _confirmedOffset;
            }
        }
    }

    public int RateLimitedCount => Volatile.Read(ref _rateLimitedCount);

    public IReadOnlyList<SentTelegramMessage> Sent => Snapshot(_sent);

    public IReadOnlyList<TelegramRequestRecord> Requests => Snapshot(_requests);

    public IReadOnlyList<RateLimitViolation> Violations => Snapshot(_violations);

    public IReadOnlyList<(long ChatId, string Action, DateTimeOffset At)> ChatActions => Snapshot(_actions);

    public static async Task<FakeTelegramServer> StartAsync(string token = DefaultToken, int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        FakeTelegramServer? server = null;
        RequestDelegate handler = context => server!.HandleAsync(context);
        app.Map("/bot{token}/{method}", handler);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server = new FakeTelegramServer(app, new Uri(address), token);
        return server;
    }

    public IReadOnlyList<SentTelegramMessage> SentTo(long chatId) => [.. Sent.Where(m => m.ChatId == chatId)];

    /// <summary>Queues a text message from a user; returns its update_id. Commands and @mentions get their entities.</summary>
    public long AddTextMessage(long userId, long chatId, string text, string chatType = "private", long? replyToMessageId = null, string firstName = "Ann", string? username = null)
    {
        var message = NewMessage(userId, chatId, chatType, firstName, username);
        message["text"] = text;
        var entities = new JsonArray();
        foreach (Match match in EntityPattern().Matches(text))
        {
            entities.Add(new JsonObject
            {
                ["type"] = match.Value.StartsWith('/') ? "bot_command" : "mention",
                ["offset"] = match.Index,
                ["length"] = match.Length,
            });
        }

        if (entities.Count > 0)
        {
            message["entities"] = entities;
        }

        if (replyToMessageId is { } replyTo)
        {
            message["reply_to_message"] = new JsonObject
            {
                ["message_id"] = replyTo,
                ["from"] = BotUser(),
                ["chat"] = Chat(chatId, chatType, firstName),
                ["date"] = UnixNow(),
                ["text"] = "earlier reply",
            };
        }

        return AddUpdate(new JsonObject { ["message"] = message });
    }

    /// <summary>Queues a photo (no text, a caption at most): the bot should say it cannot handle it yet.</summary>
    public long AddPhotoMessage(long userId, long chatId, string chatType = "private")
    {
        var message = NewMessage(userId, chatId, chatType, "Ann", null);
        message["photo"] = new JsonArray(new JsonObject { ["file_id"] = "AgAD", ["file_unique_id"] = "u1", ["width"] = 90, ["height"] = 90 });
        return AddUpdate(new JsonObject { ["message"] = message });
    }

    /// <summary>
    /// Queues a message update a client cannot read: its <c>date</c> is a string where the Bot API has an integer, as if
    /// Telegram had changed a field's type. The envelope is real, so getUpdates still answers it among the others.
    /// </summary>
    public long AddUnreadableMessage(long userId, long chatId)
    {
        var message = NewMessage(userId, chatId, "private", "Ann", null);
        message["text"] = "unreadable";
        message["date"] = "yesterday";
        return AddUpdate(new JsonObject { ["message"] = message });
    }

    /// <summary>Queues an update as given; its <c>update_id</c> is set. Returns it.</summary>
    public long AddUpdate(JsonObject update)
    {
        lock (_gate)
        {
            var id = _nextUpdateId++;
            update["update_id"] = id;
            _updates.Add(update);
            _updateArrived.TrySetResult();
            _updateArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return id;
        }
    }

    /// <summary>Builds the JSON of a text-message update without queueing it (for posting to a webhook).</summary>
    public JsonObject TextUpdate(long userId, long chatId, string text, string chatType = "private")
    {
        var message = NewMessage(userId, chatId, chatType, "Ann", null);
        message["text"] = text;
        lock (_gate)
        {
            return new JsonObject { ["update_id"] = _nextUpdateId++, ["message"] = message };
        }
    }

    /// <summary>The next request for <paramref name="method"/> (and chat, when given) gets <paramref name="fault"/>.</summary>
    public void InjectFault(string method, TelegramFault fault, long? chatId = null, int retryAfterSeconds = 1)
    {
        lock (_gate)
        {
            _faults.Add((method, chatId, fault, retryAfterSeconds));
        }
    }

    /// <summary>The user blocked the bot: every send to the chat gets 403.</summary>
    public void BlockChat(long chatId)
    {
        lock (_gate)
        {
            _blockedChats.Add(chatId);
        }
    }

    /// <summary>The group became a supergroup: every send to the old id gets Telegram's 400 with <c>migrate_to_chat_id</c>.</summary>
    public void MigrateChat(long chatId, long supergroupId)
    {
        lock (_gate)
        {
            _migratedChats[chatId] = supergroupId;
        }
    }

    /// <summary>Posts an update to the registered webhook as Telegram would, with the given secret header (null: none).</summary>
    public async Task<HttpResponseMessage> PostToWebhookAsync(HttpClient client, string body, string? secret)
    {
        var url = WebhookUrl ?? throw new InvalidOperationException("No webhook is set.");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        return await client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var method = (string)context.Request.RouteValues["method"]!;
        var token = (string)context.Request.RouteValues["token"]!;
        var body = await ReadParametersAsync(context.Request);
        var chatId = body["chat_id"] is { } chat ? ParseLong(chat) : (long?)null;
        if (token != Token)
        {
            await AnswerAsync(context, method, chatId, Error(401, "Unauthorized"));
            return;
        }

        var fault = TakeFault(method, chatId);
        if (fault is { } injected)
        {
            switch (injected.Fault)
            {
                case TelegramFault.DropConnection:
                    Record(context, method, chatId, 0);
                    context.Abort();
                    return;
                case TelegramFault.Hang:
                    Record(context, method, chatId, 0);
                    await WaitUntilAbortedAsync(context);
                    return;
                default:
                    await AnswerAsync(context, method, chatId, FaultAnswer(injected.Fault, injected.RetryAfter));
                    return;
            }
        }

        var answer = method switch
        {
            "getMe" => Ok(BotUser()),
            "getUpdates" => await GetUpdatesAsync(body, context.RequestAborted),
            "sendMessage" => SendMessage(body, chatId),
            "sendChatAction" => SendChatAction(body, chatId),
            "setWebhook" => SetWebhook(body),
            "deleteWebhook" => DeleteWebhook(),
            "setMyCommands" => SetMyCommands(body),
            _ => Error(404, "Not Found: method not found"),
        };
        if (answer is not null)
        {
            await AnswerAsync(context, method, chatId, answer);
        }
    }

    private async Task<(int Status, JsonObject Body)?> GetUpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        var offset = body["offset"] is { } o ? ParseLong(o) : (long?)null;
        var timeout = body["timeout"] is { } t ? ParseLong(t) : 0;
        CancellationTokenSource poll;
        Task arrived;
        lock (_gate)
        {
            if (WebhookUrl is not null)
            {
                return Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            }

            if (offset is { } confirmed && confirmed > _confirmedOffset)
            {
                _confirmedOffset = confirmed;
                _updates.RemoveAll(u => (long)u["update_id"]! < confirmed);
            }

            _activePoll?.Cancel();
            poll = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping.Token);
            _activePoll = poll;
            arrived = _updateArrived.Task;
            if (_updates.Count > 0 || timeout <= 0)
            {
                _activePoll = null;
                poll.Dispose();
                return Ok(new JsonArray([.. _updates.Take(100).Select(u => u.DeepClone())]));
            }
        }

        try
        {
            await arrived.WaitAsync(TimeSpan.FromSeconds(timeout), poll.Token);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            return Error(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
        }
        finally
        {
            lock (_gate)
            {
                if (_activePoll == poll)
                {
                    _activePoll = null;
                }
            }

            poll.Dispose();
        }

        lock (_gate)
        {
            return Ok(new JsonArray([.. _updates.Take(100).Select(u => u.DeepClone())]));
        }
    }

    private (int Status, JsonObject Body) SendMessage(JsonObject body, long? chatId)
    {
        if (chatId is not { } chat)
        {
            return Error(400, "Bad Request: chat_id is empty");
        }

        var text = body["text"]?.GetValue<string>() ?? string.Empty;
        var parseMode = body["parse_mode"]?.GetValue<string>();
        var visible = text.Trim();
        if (string.Equals(parseMode, "HTML", StringComparison.OrdinalIgnoreCase) && !TelegramHtmlValidator.TryParse(text, out visible, out var error))
        {
            return error == "message text is empty" ? Error(400, "Bad Request: message text is empty") : Error(400, $"Bad Request: can't parse entities: {error}");
        }

        if (visible.Length == 0)
        {
            return Error(400, "Bad Request: message text is empty");
        }

        if (visible.Length > 4096)
        {
            return Error(400, "Bad Request: message is too long");
        }

        var replyTo = body["reply_parameters"]?["message_id"] is { } r ? ParseLong(r) : body["reply_to_message_id"] is { } legacy ? ParseLong(legacy) : (long?)null;
        lock (_gate)
        {
            if (_blockedChats.Contains(chat))
            {
                return Error(403, "Forbidden: bot was blocked by the user");
            }

            if (_migratedChats.TryGetValue(chat, out var supergroup))
            {
                var (status, answer) = Error(400, "Bad Request: group chat was upgraded to a supergroup chat");
                answer["parameters"] = new JsonObject { ["migrate_to_chat_id"] = supergroup };
                return (status, answer);
            }

            var now = DateTimeOffset.UtcNow;
            if (RateLimit(chat, now) is { } limited)
            {
                return limited;
            }

            var id = _messageIds[chat] = _messageIds.GetValueOrDefault(chat, 5000) + 1;
            _sent.Add(new SentTelegramMessage(id, chat, text, visible, parseMode, replyTo, now));
            return Ok(new JsonObject
            {
                ["message_id"] = id,
                ["from"] = BotUser(),
                ["chat"] = new JsonObject { ["id"] = chat, ["type"] = chat > 0 ? "private" : "group" },
                ["date"] = now.ToUnixTimeSeconds(),
                ["text"] = visible,
            });
        }
    }

    private (int Status, JsonObject Body)? RateLimit(long chat, DateTimeOffset now)
    {
        if (!EnforceRateLimits)
        {
            return null;
        }

        if (_retryAfterUntil.TryGetValue(chat, out var allowedFrom) && now < allowedFrom - RateLimitTolerance)
        {
            _violations.Add(new RateLimitViolation(chat, now, allowedFrom));
            return TooMany((int)Math.Ceiling((allowedFrom - now).TotalSeconds));
        }

        var window = TimeSpan.FromSeconds(1) - RateLimitTolerance;
        var chatSends = _chatSends.TryGetValue(chat, out var list) ? list : _chatSends[chat] = [];
        chatSends.RemoveAll(t => now - t >= window);
        _botSends.RemoveAll(t => now - t >= window);
        if (chatSends.Count >= PerChatPerSecond || _botSends.Count >= GlobalPerSecond)
        {
            var oldest = chatSends.Count >= PerChatPerSecond ? chatSends[0] : _botSends[0];
            var wait = Math.Max(1, (int)Math.Ceiling((oldest + TimeSpan.FromSeconds(1) - now).TotalSeconds));
            _retryAfterUntil[chat] = now + TimeSpan.FromSeconds(wait);
            Interlocked.Increment(ref _rateLimitedCount);
            return TooMany(wait);
        }

        chatSends.Add(now);
        _botSends.Add(now);
        return null;
    }

    private (int Status, JsonObject Body) SendChatAction(JsonObject body, long? chatId)
    {
        lock (_gate)
        {
            if (chatId is { } chat && _blockedChats.Contains(chat))
            {
                return Error(403, "Forbidden: bot was blocked by the user");
            }

            _actions.Add((chatId ?? 0, body["action"]?.GetValue<string>() ?? string.Empty, DateTimeOffset.UtcNow));
            return Ok(true);
        }
    }

    private (int Status, JsonObject Body) SetWebhook(JsonObject body)
    {
        var url = body["url"]?.GetValue<string>();
        lock (_gate)
        {
            WebhookUrl = string.IsNullOrEmpty(url) ? null : url;
            WebhookSecret = body["secret_token"]?.GetValue<string>();
            _activePoll?.Cancel();
        }

        return Ok(true);
    }

    private (int Status, JsonObject Body) DeleteWebhook()
    {
        lock (_gate)
        {
            WebhookUrl = null;
            WebhookSecret = null;
        }

        return Ok(true);
    }

    private (int Status, JsonObject Body) SetMyCommands(JsonObject body)
    {
        Commands = body["commands"] is JsonArray commands ? [.. commands.Select(c => c!["command"]!.GetValue<string>())] : [];
        return Ok(true);
    }

    private (string Method, long? ChatId, TelegramFault Fault, int RetryAfter)? TakeFault(string method, long? chatId)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(f => f.Method == method && (f.ChatId is null || f.ChatId == chatId));
            if (index < 0)
            {
                return null;
            }

            var fault = _faults[index];
            _faults.RemoveAt(index);
            if (fault.Fault == TelegramFault.TooManyRequests && chatId is { } chat)
            {
                _retryAfterUntil[chat] = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(fault.RetryAfter);
            }

            return fault;
        }
    }

    private static (int Status, JsonObject Body) FaultAnswer(TelegramFault fault, int retryAfter) => fault switch
    {
        TelegramFault.TooManyRequests => TooMany(retryAfter),
        TelegramFault.ServerError => Error(500, "Internal Server Error"),
        TelegramFault.Forbidden => Error(403, "Forbidden: bot was blocked by the user"),
        TelegramFault.CantParseEntities => Error(400, "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0"),
        TelegramFault.ChatNotFound => Error(400, "Bad Request: chat not found"),
        _ => throw new ArgumentOutOfRangeException(nameof(fault)),
    };

    private async Task AnswerAsync(HttpContext context, string method, long? chatId, (int Status, JsonObject Body)? answer)
    {
        if (answer is not { } value)
        {
            Record(context, method, chatId, 0);
            return;
        }

        Record(context, method, chatId, value.Status);
        context.Response.StatusCode = value.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(value.Body.ToJsonString(), context.RequestAborted);
    }

    private async Task WaitUntilAbortedAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, linked.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Record(HttpContext context, string method, long? chatId, int status)
    {
        var traceParent = context.Request.Headers["traceparent"].ToString();
        lock (_gate)
        {
            _requests.Add(new TelegramRequestRecord(method, chatId, status, DateTimeOffset.UtcNow, traceParent.Length > 0 ? traceParent : null));
        }
    }

    private JsonObject NewMessage(long userId, long chatId, string chatType, string firstName, string? username)
    {
        lock (_gate)
        {
            var id = _messageIds[chatId] = _messageIds.GetValueOrDefault(chatId, 5000) + 1;
            var from = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = firstName };
            if (username is not null)
            {
                from["username"] = username;
            }

            return new JsonObject
            {
                ["message_id"] = id,
                ["from"] = from,
                ["chat"] = Chat(chatId, chatType, firstName),
                ["date"] = UnixNow(),
            };
        }
    }

    private static JsonObject Chat(long chatId, string chatType, string firstName) =>
        chatType == "private"
            ? new JsonObject { ["id"] = chatId, ["type"] = chatType, ["first_name"] = firstName }
            : new JsonObject { ["id"] = chatId, ["type"] = chatType, ["title"] = "Test group" };

    private static JsonObject BotUser() => new()
    {
        ["id"] = BotId,
        ["is_bot"] = true,
        ["first_name"] = "MyBot",
        ["username"] = BotUsername,
        ["can_join_groups"] = true,
        ["can_read_all_group_messages"] = false,
        ["supports_inline_queries"] = false,
    };

    private static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static (int Status, JsonObject Body) Ok(JsonNode result) => (200, new JsonObject { ["ok"] = true, ["result"] = result });

    private static (int Status, JsonObject Body) Error(int code, string description) =>
        (code, new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description });

    private static (int Status, JsonObject Body) TooMany(int retryAfter) =>
        (429, new JsonObject
        {
            ["ok"] = false,
            ["error_code"] = 429,
            ["description"] = $"Too Many Requests: retry after {retryAfter.ToString(CultureInfo.InvariantCulture)}",
            ["parameters"] = new JsonObject { ["retry_after"] = retryAfter },
        });

    private static long ParseLong(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.String ? long.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture) : node.GetValue<long>();

    private static async Task<JsonObject> ReadParametersAsync(HttpRequest request)
    {
        if (request.HasJsonContentType())
        {
            try
            {
                return await request.ReadFromJsonAsync<JsonObject>() ?? [];
            }
            catch (JsonException)
            {
                return [];
            }
        }

        var parameters = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            parameters[key] = value.ToString();
        }

        if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync())
            {
                parameters[key] = value.ToString();
            }
        }

        return parameters;
    }

    private IReadOnlyList<T> Snapshot<T>(List<T> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }

    [GeneratedRegex(@"(?<=^|\s)(/[a-zA-Z0-9_]+(@[a-zA-Z0-9_]+)?|@[a-zA-Z0-9_]{3,})")]
    private static partial Regex EntityPattern();
}
