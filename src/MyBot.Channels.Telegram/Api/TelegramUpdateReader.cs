using System.Text.Json;

namespace MyBot.Channels.Telegram.Api;

/// <summary>
/// Reads one update on its own (an element of a getUpdates result, or a webhook body), so an update this code cannot
/// read fails alone instead of failing its whole batch. Strict: a field the channel relies on that is missing or null
/// makes the update unreadable, where a lenient read would have quietly ignored the message.
/// </summary>
public static class TelegramUpdateReader
{
    private static readonly JsonSerializerOptions Strict = new(TelegramJson.Options)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The update's id when it has a usable one, even when the rest of the update is unreadable.</summary>
    public static long? TryGetUpdateId(JsonElement raw) =>
        raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("update_id", out var id) && id.TryGetInt64(out var value) && value > 0 ? value : null;

    /// <exception cref="UnreadableTelegramUpdateException">The element is not an update this channel can read.</exception>
    public static TelegramUpdate Read(JsonElement raw)
    {
        if (TryGetUpdateId(raw) is null)
        {
            throw new UnreadableTelegramUpdateException("The update has no positive integer update_id.");
        }

        try
        {
            return raw.Deserialize<TelegramUpdate>(Strict) ?? throw new UnreadableTelegramUpdateException("The update is null.");
        }
        catch (JsonException exception)
        {
            throw new UnreadableTelegramUpdateException($"The update does not have the Bot API's shape: {exception.Message}", exception);
        }
    }
}
