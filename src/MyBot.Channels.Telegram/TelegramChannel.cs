using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Channels.Access;
using MyBot.Channels.Hosting;
using MyBot.Channels.Telegram.Api;
using MyBot.Channels.Telegram.Formatting;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace MyBot.Channels.Telegram;

/// <summary>
/// Telegram through the Bot API. Polling: one poller per deployment (a singleton lease), the offset moves past an update
/// only after it is durable, and the offset with the recently seen update ids is stored so a restart neither loses nor
/// repeats an update. An update that cannot be read goes to the dead letters alone, so it never holds up the updates
/// after it; a batch whose publishing fails is fetched and handled again. Webhook: registered here, received by
/// <see cref="TelegramWebhookEndpoint"/>.
/// </summary>
public sealed partial class TelegramChannel(
    TelegramBotClientFactory clients,
    TelegramBotIdentity identity,
    TelegramUpdateHandler handler,
    TelegramSendPacer pacer,
    IGrainFactory grains,
    IDeadLetterStore deadLetters,
    ISingletonLeaseProvider leases,
    TimeProvider timeProvider,
    IOptions<TelegramOptions> options,
    ILogger<TelegramChannel> logger) : IOptionalChannel, IDescribedChannel, IAccessControlledChannel
{
    public const string LeaseName = "telegram-poller";
    public const string DeadLetterOrigin = "telegram-polling";

    /// <summary>A send that would have to wait longer than this for its slot goes back to the delivery grain to wait on a timer.</summary>
    private static readonly TimeSpan MaxInlineWait = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between failed polls, and the wait after a conflict (a webhook set, or another poller).</summary>
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>How often a replica without the polling lease tries to take it: after the holder dies, Telegram users wait until the cluster declares its silo dead (or the lease lapses) plus this.</summary>
    private static readonly TimeSpan LeaseRetry = TimeSpan.FromSeconds(5);

    public string Platform => TelegramUpdateHandler.Platform;

    public bool IsEnabled => options.Value.IsEnabled;

    public string DisabledReason => $"no bot token: set {TelegramOptions.SectionName}:BotToken to turn Telegram on";

    public string ReceiveMode => options.Value.Mode == TelegramMode.Webhook ? "webhook" : "polling";

    public string? SingletonLeaseName => options.Value.Mode == TelegramMode.Webhook ? null : LeaseName;

    public AccessSettings Access => options.Value.Access;

    public async Task RunAsync(IInboundPublisher publisher, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        User me;
        try
        {
            me = await identity.GetAsync(stoppingToken);
        }
        catch (RequestException exception) when (exception.Kind() == TelegramErrorKind.Unauthorized)
        {
            throw new ChannelFatalException($"Telegram rejected the bot token (401 from getMe): check {TelegramOptions.SectionName}:BotToken.", exception);
        }

        Log.Connected(logger, me.Username ?? me.FirstName, settings.Mode);
        await RegisterCommandsAsync(stoppingToken);
        if (settings.Mode == TelegramMode.Webhook)
        {
            var url = new Uri(settings.WebhookUrl!.AbsoluteUri.TrimEnd('/') + TelegramWebhookEndpoint.Route);
            await clients.Create().SetWebhook(url: url.AbsoluteUri, allowedUpdates: TelegramBotCalls.AllowedUpdates, secretToken: settings.WebhookSecret, cancellationToken: stoppingToken);
            Log.WebhookSet(logger, url);
            await Task.Delay(Timeout.InfiniteTimeSpan, timeProvider, stoppingToken);
            return;
        }

        var waitingLogged = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            await using var lease = await leases.TryAcquireAsync(LeaseName, stoppingToken);
            if (lease is null)
            {
                if (!waitingLogged)
                {
                    Log.LeaseHeldElsewhere(logger);
                    waitingLogged = true;
                }

                await Task.Delay(LeaseRetry, timeProvider, stoppingToken);
                continue;
            }

            waitingLogged = false;

            using var leaseScope = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
            try
            {
                await PollAsync(me, publisher, leaseScope.Token);
            }
            catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                Log.LeaseLost(logger);
            }
        }
    }

    public IReadOnlyList<string> Format(string markdown) => TelegramMarkdownRenderer.Format(markdown);

    public Task<SendResult> SendAsync(OutboundChunk chunk, CancellationToken cancellationToken) =>
        long.TryParse(chunk.Source.ChatId ?? chunk.Source.UserId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId)
            ? SendToChatAsync(chatId, chunk, followMigration: true, cancellationToken)
            : Task.FromResult(SendResult.Permanent($"'{chunk.Source}' has no numeric Telegram chat id."));

    private async Task<SendResult> SendToChatAsync(long chatId, OutboundChunk chunk, bool followMigration, CancellationToken cancellationToken)
    {
        var waiting = pacer.WaitFor(chatId);
        if (waiting > MaxInlineWait)
        {
            return SendResult.Throttled(waiting, "waiting for Telegram's rate limit of this chat");
        }

        var slot = pacer.Reserve(chatId);
        if (slot > TimeSpan.Zero)
        {
            await Task.Delay(slot, timeProvider, cancellationToken);
        }

        int? replyTo = int.TryParse(chunk.ReplyToPlatformMessageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        var client = clients.Create();
        try
        {
            Message sent;
            try
            {
                sent = await client.SendText(chatId, chunk.Text, ParseMode.Html, replyTo, cancellationToken);
            }
            catch (ApiRequestException exception) when (exception.Kind() == TelegramErrorKind.CantParseEntities)
            {
                Log.PlainTextFallback(logger, chunk.OutboundId, chunk.Index, exception.Message);
                sent = await client.SendText(chatId, TelegramHtml.ToPlainText(chunk.Text), ParseMode.None, replyTo, cancellationToken);
            }

            return SendResult.Sent(sent.Id.ToString(CultureInfo.InvariantCulture));
        }
        catch (ApiRequestException exception) when (followMigration && exception.Parameters?.MigrateToChatId is { } supergroupId && supergroupId != chatId)
        {
            // The group became a supergroup with a new id: its new messages come from that id, and what is still due to
            // the old one goes there. Followed once, so a chain of answers pointing elsewhere cannot loop.
            Log.ChatMigrated(logger, chatId, supergroupId);
            return await SendToChatAsync(supergroupId, chunk, followMigration: false, cancellationToken);
        }
        catch (RequestException exception)
        {
            // The library reports a cancellation that hit while it read the answer as a failed request.
            cancellationToken.ThrowIfCancellationRequested();
            var kind = exception.Kind();
            var description = exception.Describe("sendMessage");
            if (exception.RetryAfter() is { } retryAfter)
            {
                pacer.Throttled(chatId, retryAfter);
                return SendResult.Throttled(retryAfter, description);
            }

            return kind switch
            {
                TelegramErrorKind.Forbidden or TelegramErrorKind.ChatNotFound or TelegramErrorKind.BadRequest or TelegramErrorKind.CantParseEntities => SendResult.Permanent(description),
                _ => SendResult.Transient(description),
            };
        }
    }

    public async Task SendTypingAsync(EventSource source, CancellationToken cancellationToken)
    {
        if (!long.TryParse(source.ChatId ?? source.UserId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            return;
        }

        try
        {
            await clients.Create().SendChatAction(chatId: chatId, action: ChatAction.Typing, cancellationToken: cancellationToken);
        }
        catch (RequestException exception)
        {
            Log.TypingFailed(logger, exception.Kind());
        }
    }

    private async Task PollAsync(User me, IInboundPublisher publisher, CancellationToken cancellationToken)
    {
        var polling = grains.GetGrain<ITelegramPollingGrain>(me.Id.ToString(CultureInfo.InvariantCulture));
        var checkpoint = await polling.GetAsync().WaitAsync(cancellationToken);
        var state = new TelegramPollingState(checkpoint.Offset, [.. checkpoint.SeenUpdateIds]);
        Log.Polling(logger, state.Offset);
        var backoff = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<JsonElement> updates;
            try
            {
                updates = await clients.CreateForPolling().GetRawUpdates(state.Offset, options.Value.PollTimeout, cancellationToken);
            }
            catch (RequestException exception) when (exception.Kind() == TelegramErrorKind.Unauthorized)
            {
                throw new ChannelFatalException($"Telegram rejected the bot token (401 from getUpdates): check {TelegramOptions.SectionName}:BotToken.", exception);
            }
            catch (RequestException exception)
            {
                var kind = exception.Kind();
                var wait = kind switch
                {
                    TelegramErrorKind.RateLimited => exception.RetryAfter() ?? backoff,
                    TelegramErrorKind.Conflict => MaxBackoff,
                    _ => backoff,
                };
                if (kind == TelegramErrorKind.Conflict)
                {
                    Log.Conflict(logger, exception.Message.Contains("webhook", StringComparison.OrdinalIgnoreCase)
                        ? "a webhook is set for this bot: it is served by a deployment in Webhook mode, or remove it with deleteWebhook"
                        : "another process polls with the same bot token (a second server, or another copy on a laptop); stop it");
                }
                else
                {
                    Log.PollFailed(logger, kind, exception.Message, wait);
                }

                await Task.Delay(wait, timeProvider, cancellationToken);
                backoff = Backoff.Double(backoff, MaxBackoff);
                continue;
            }

            if (updates.Count == 0)
            {
                backoff = TimeSpan.FromSeconds(1);
                continue;
            }

            try
            {
                await HandleBatchAsync(me, updates, state, publisher, cancellationToken);
                backoff = TimeSpan.FromSeconds(1);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The offset has not moved: the same batch comes again, and what was already published is skipped as seen.
                Log.BatchFailed(logger, exception, backoff);
                await Task.Delay(backoff, timeProvider, cancellationToken);
                backoff = Backoff.Double(backoff, MaxBackoff);
                continue;
            }

            // Every update of the batch is durable now (published, answered, ignored or dead-lettered): only then may the offset move past them.
            var seen = state.SeenUpdateIds;
            if (seen.Count > TelegramPollingState.SeenLimit)
            {
                seen.RemoveRange(0, seen.Count - TelegramPollingState.SeenLimit);
            }

            if (updates.Select(TelegramUpdateReader.TryGetUpdateId).Max() is { } last)
            {
                state = state with { Offset = last + 1 };
                await polling.AdvanceAsync(last + 1, [.. updates.Select(TelegramUpdateReader.TryGetUpdateId).OfType<long>()]).WaitAsync(cancellationToken);
            }
        }
    }

    private async Task HandleBatchAsync(User me, IReadOnlyList<JsonElement> updates, TelegramPollingState state, IInboundPublisher publisher, CancellationToken cancellationToken)
    {
        foreach (var raw in updates)
        {
            var updateId = TelegramUpdateReader.TryGetUpdateId(raw);
            if (updateId is { } known && state.SeenUpdateIds.Contains(known))
            {
                Log.Duplicate(logger, known);
                continue;
            }

            try
            {
                await handler.HandleAsync(TelegramUpdateReader.Read(raw), publisher, cancellationToken);
            }
            catch (UnreadableTelegramUpdateException exception)
            {
                await DeadLetterAsync(me, raw, updateId, exception, cancellationToken);
            }

            if (updateId is { } handled)
            {
                state.SeenUpdateIds.Add(handled);
            }
        }
    }

    private async Task DeadLetterAsync(User me, JsonElement raw, long? updateId, UnreadableTelegramUpdateException exception, CancellationToken cancellationToken)
    {
        var payload = raw.GetRawText();
        // The id is the update's own (per bot), so the same update fetched again is the same letter.
        var id = updateId is { } known
            ? $"{DeadLetterOrigin}-{me.Id.ToString(CultureInfo.InvariantCulture)}-{known.ToString(CultureInfo.InvariantCulture)}"
            : $"{DeadLetterOrigin}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)))}";
        await deadLetters.AddAsync(
            new DeadLetter(id, DeadLetterOrigin, TelegramUpdateHandler.Platform, payload, $"Unreadable Telegram update: {exception.Message}", 1, timeProvider.GetUtcNow()),
            cancellationToken);
        Log.DeadLettered(logger, updateId, id, exception.Message);
    }

    private async Task RegisterCommandsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await clients.Create().SetMyCommands(commands: TelegramCommands.All, cancellationToken: cancellationToken);
        }
        catch (RequestException exception) when (exception.Kind() != TelegramErrorKind.Unauthorized)
        {
            Log.CommandsFailed(logger, exception.Describe("setMyCommands"));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Telegram bot @{Username} connected ({Mode})")]
        public static partial void Connected(ILogger logger, string username, TelegramMode mode);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Telegram webhook registered at {Url}")]
        public static partial void WebhookSet(ILogger logger, Uri url);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Telegram polling runs on another replica (lease held); waiting to take over")]
        public static partial void LeaseHeldElsewhere(ILogger logger);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Telegram polling lease lost; polling stops here until it is acquired again")]
        public static partial void LeaseLost(ILogger logger);

        [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Telegram polling from offset {Offset}")]
        public static partial void Polling(ILogger logger, long? offset);

        [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Telegram getUpdates answered 409 Conflict: {Explanation}")]
        public static partial void Conflict(ILogger logger, string explanation);

        [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Telegram getUpdates failed ({Kind}: {Description}); polling again in {Wait}")]
        public static partial void PollFailed(ILogger logger, TelegramErrorKind kind, string description, TimeSpan wait);

        [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Telegram update {UpdateId} already handled; skipped")]
        public static partial void Duplicate(ILogger logger, long updateId);

        [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Telegram refused the HTML of {OutboundId} chunk {Index} ({Description}); sent as plain text")]
        public static partial void PlainTextFallback(ILogger logger, string outboundId, int index, string description);

        [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Telegram typing action failed ({Kind})")]
        public static partial void TypingFailed(ILogger logger, TelegramErrorKind kind);

        [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Telegram setMyCommands failed: {Description}")]
        public static partial void CommandsFailed(ILogger logger, string description);

        [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Telegram update {UpdateId} is unreadable ({Error}); kept as dead letter {DeadLetterId} and skipped")]
        public static partial void DeadLettered(ILogger logger, long? updateId, string deadLetterId, string error);

        [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Telegram updates could not be handled; the same batch is fetched again in {Wait}")]
        public static partial void BatchFailed(ILogger logger, Exception exception, TimeSpan wait);

        [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Telegram chat {ChatId} became supergroup {SupergroupId}; its reply goes there")]
        public static partial void ChatMigrated(ILogger logger, long chatId, long supergroupId);
    }
}
