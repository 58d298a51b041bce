using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Channels.Access;
using MyBot.Channels.Telegram.Api;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace MyBot.Channels.Telegram;

/// <summary>
/// Turns one update into at most one durable InboundEvent, for polling and webhook alike: group messages only when
/// addressed to the bot, users the access policy does not let in answered directly (never published), non-text
/// messages published as <see cref="InboundEventKind.Unsupported"/> so the user is told.
/// </summary>
public sealed partial class TelegramUpdateHandler(
    TelegramBotClientFactory clients,
    TelegramBotIdentity identity,
    ChannelAccessGate access,
    IOptions<TelegramOptions> options,
    ILogger<TelegramUpdateHandler> logger)
{
    public const string Platform = "telegram";

    /// <summary>Returns once the update is handled: published (durable), answered directly, or deliberately ignored.</summary>
    public async Task HandleAsync(Update update, IInboundPublisher publisher, CancellationToken cancellationToken)
    {
        if (update.Message is not { From: { IsBot: false } from, Chat: not null } message)
        {
            Log.Ignored(logger, update.Id, "not a message from a user");
            return;
        }

        var me = await identity.GetAsync(cancellationToken);
        if (message.Chat.Type != ChatType.Private && !IsAddressedToBot(message, me))
        {
            Log.Ignored(logger, update.Id, "group message not addressed to the bot");
            return;
        }

        var source = new EventSource(Platform, Id(from.Id), Id(message.Chat.Id));
        var decision = await access.CheckAsync(options.Value.Access, source, from.FirstName, from.Username is { } name ? [name] : [], cancellationToken);
        if (!decision.IsAllowed)
        {
            Log.NotAllowed(logger, source.ToString(), decision.Outcome);
            await AnswerDirectlyAsync(message, decision.Reply!, cancellationToken);
            return;
        }

        var text = message.Text is { } raw ? StripMention(raw, me) : null;
        if (text is not null && CommandName(text, me) is TelegramCommands.Start or TelegramCommands.Help)
        {
            await AnswerDirectlyAsync(message, TelegramCommands.HelpText, cancellationToken);
            return;
        }

        var unsupported = UnsupportedKind(message);
        var inbound = new InboundEvent(
            InboundEvent.CreateId(source, Id(message.Id)),
            source,
            unsupported is null ? NormalizeCommand(text!, me) : unsupported,
            new DateTimeOffset(message.Date, TimeSpan.Zero),
            Id(message.Id),
            unsupported is null ? InboundEventKind.Message : InboundEventKind.Unsupported,
            from.FirstName);
        await publisher.PublishAsync(inbound, cancellationToken);
        Log.Published(logger, update.Id, inbound.Id);
    }

    /// <summary>What a non-text message is, for the reply that says the bot cannot handle it yet; null for text.</summary>
    private static string? UnsupportedKind(Message message) => message.Type switch
    {
        MessageType.Text => null,
        MessageType.Photo => "photo",
        MessageType.Voice => "voice message",
        MessageType.Audio => "audio file",
        MessageType.Video => "video",
        MessageType.VideoNote => "video message",
        MessageType.Animation => "animation",
        MessageType.Document => "document",
        MessageType.Sticker => "sticker",
        MessageType.Location or MessageType.Venue => "location",
        MessageType.Contact => "contact",
        MessageType.Poll => "poll",
        _ => "message of this kind",
    };

    private static bool IsAddressedToBot(Message message, User me)
    {
        if (message.ReplyToMessage?.From?.Id == me.Id)
        {
            return true;
        }

        var text = message.Text ?? message.Caption ?? string.Empty;
        foreach (var entity in message.Entities ?? [])
        {
            if (entity.Offset < 0 || entity.Offset + entity.Length > text.Length)
            {
                continue;
            }

            var value = text.Substring(entity.Offset, entity.Length);
            switch (entity.Type)
            {
                case MessageEntityType.Mention when string.Equals(value.TrimStart('@'), me.Username, StringComparison.OrdinalIgnoreCase):
                case MessageEntityType.TextMention when entity.User?.Id == me.Id:
                    return true;
                case MessageEntityType.BotCommand when entity.Offset == 0:
                    var at = value.IndexOf('@', StringComparison.Ordinal);
                    return at < 0 || string.Equals(value[(at + 1)..], me.Username, StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    private static string StripMention(string text, User me) =>
        me.Username is { } name && text.Contains('@' + name, StringComparison.OrdinalIgnoreCase) && !text.StartsWith('/')
            ? text.Replace('@' + name, string.Empty, StringComparison.OrdinalIgnoreCase).Trim()
            : text;

    /// <summary>The command's name (<c>/new@bot arg</c> → <c>new</c>) when the text is one, else null.</summary>
    private static string? CommandName(string text, User me)
    {
        if (!text.StartsWith('/'))
        {
            return null;
        }

        var word = text[1..].Split(' ', 2)[0];
        var at = word.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? word.ToLowerInvariant() : string.Equals(word[(at + 1)..], me.Username, StringComparison.OrdinalIgnoreCase) ? word[..at].ToLowerInvariant() : null;
    }

    /// <summary>The session sees <c>/new</c>, not <c>/new@mybot</c>.</summary>
    private static string NormalizeCommand(string text, User me) =>
        CommandName(text, me) is { } name && text.Split(' ', 2) is var parts
            ? parts.Length > 1 ? $"/{name} {parts[1]}" : $"/{name}"
            : text;

    private async Task AnswerDirectlyAsync(Message message, string text, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Create().SendText(message.Chat.Id, text, ParseMode.None, message.Id, cancellationToken);
        }
        catch (RequestException exception)
        {
            // The library reports a cancellation that hit while it read the answer as a failed request: the update is not handled then.
            cancellationToken.ThrowIfCancellationRequested();

            // Only this one answer is lost, and the user gets it again with their next message.
            Log.DirectAnswerFailed(logger, exception.Kind(), exception.Describe("sendMessage"));
        }
    }

    private static string Id(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Telegram update {UpdateId} ignored: {Reason}")]
        public static partial void Ignored(ILogger logger, long updateId, string reason);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Telegram message from {Source} not published: access {Outcome}")]
        public static partial void NotAllowed(ILogger logger, string source, AccessOutcome outcome);

        [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Telegram update {UpdateId} published as {InboundId}")]
        public static partial void Published(ILogger logger, long updateId, string inboundId);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Telegram direct answer failed ({Kind}): {Description}")]
        public static partial void DirectAnswerFailed(ILogger logger, TelegramErrorKind kind, string description);
    }
}
