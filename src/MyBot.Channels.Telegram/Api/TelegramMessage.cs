using System.Text.Json;

namespace MyBot.Channels.Telegram.Api;

/// <summary>The fields of a Bot API Message the channel reads; the media fields only tell what kind of message it is.</summary>
public sealed record TelegramMessage(
    long MessageId,
    TelegramChat Chat,
    long Date,
    TelegramUser? From = null,
    string? Text = null,
    string? Caption = null,
    IReadOnlyList<TelegramMessageEntity>? Entities = null,
    TelegramMessage? ReplyToMessage = null,
    JsonElement? Photo = null,
    JsonElement? Voice = null,
    JsonElement? Audio = null,
    JsonElement? Video = null,
    JsonElement? VideoNote = null,
    JsonElement? Animation = null,
    JsonElement? Document = null,
    JsonElement? Sticker = null,
    JsonElement? Location = null,
    JsonElement? Contact = null,
    JsonElement? Poll = null)
{
    /// <summary>What a non-text message is, for the reply that says the bot cannot handle it yet; null for text.</summary>
    public string? UnsupportedKind =>
        Text is not null ? null
        : Photo is not null ? "photo"
        : Voice is not null ? "voice message"
        : Audio is not null ? "audio file"
        : Video is not null ? "video"
        : VideoNote is not null ? "video message"
        : Animation is not null ? "animation"
        : Document is not null ? "document"
        : Sticker is not null ? "sticker"
        : Location is not null ? "location"
        : Contact is not null ? "contact"
        : Poll is not null ? "poll"
        : "message of this kind";
}
