using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace MyBot.Channels.Telegram.Api;

/// <summary>
/// Reads one update on its own (an element of a getUpdates result, or a webhook body) with Telegram.Bot's types, so an
/// update that cannot be read fails alone instead of failing its whole batch. The library reads leniently (a missing
/// field is left at its default): a message without the fields the channel relies on is unreadable here, where a
/// lenient read would have quietly ignored it or published it with a wrong time.
/// </summary>
public static class TelegramUpdateReader
{
    /// <summary>The update's id when it has a usable one, even when the rest of the update is unreadable.</summary>
    public static long? TryGetUpdateId(JsonElement raw) =>
        raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("update_id", out var id) && id.TryGetInt64(out var value) && value > 0 ? value : null;

    /// <exception cref="UnreadableTelegramUpdateException">The element is not an update this channel can read.</exception>
    public static Update Read(JsonElement raw)
    {
        if (TryGetUpdateId(raw) is null)
        {
            throw new UnreadableTelegramUpdateException("The update has no positive integer update_id.");
        }

        Update update;
        try
        {
            // An object (checked above) never reads as null.
            update = raw.Deserialize<Update>(JsonBotAPI.Options)!;
        }
        catch (JsonException exception)
        {
            throw new UnreadableTelegramUpdateException($"The update does not have the Bot API's shape: {exception.Message}", exception);
        }

        if (update.Message is { } message && (message.Id <= 0 || message.Chat is null || message.Date == default || message.From is { FirstName: null }))
        {
            throw new UnreadableTelegramUpdateException("The message lacks one of message_id, chat, date or the sender's first_name.");
        }

        return update;
    }
}
