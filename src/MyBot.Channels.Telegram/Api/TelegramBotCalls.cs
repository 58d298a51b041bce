using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace MyBot.Channels.Telegram.Api;

/// <summary>The channel's Bot API calls that need more than the library's method with named arguments.</summary>
public static class TelegramBotCalls
{
    /// <summary>Only messages: the channel handles nothing else, and fewer update kinds means fewer to read.</summary>
    public static IReadOnlyList<UpdateType> AllowedUpdates { get; } = [UpdateType.Message];

    /// <summary>The updates as raw JSON, each to be read on its own with <see cref="TelegramUpdateReader"/>.</summary>
    public static async Task<IReadOnlyList<JsonElement>> GetRawUpdates(this ITelegramBotClient client, long? offset, TimeSpan timeout, CancellationToken cancellationToken) =>
        await client.SendRequest(new GetRawUpdatesRequest { Offset = offset, Timeout = (int)timeout.TotalSeconds, AllowedUpdates = AllowedUpdates }, cancellationToken);

    /// <summary>sendMessage without link previews, replying to <paramref name="replyToMessageId"/> when it still exists.</summary>
    public static Task<Message> SendText(this ITelegramBotClient client, long chatId, string text, ParseMode parseMode, int? replyToMessageId, CancellationToken cancellationToken) =>
        client.SendMessage(
            chatId: chatId,
            text: text,
            parseMode: parseMode,
            replyParameters: replyToMessageId is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null,
            linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
            cancellationToken: cancellationToken);
}
