using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MyBot.Grains;

/// <summary>
/// Where a conversation happens: a platform plus the ids that identify the user and chat on it.
/// Its string form <c>platform:user[:chat]</c> (e.g. <c>telegram:123:456</c>) keys the session, its delivery and its stream.
/// </summary>
[JsonConverter(typeof(EventSourceJsonConverter))]
[GenerateSerializer]
[Immutable]
[Alias("mybot.event-source")]
public sealed record EventSource
{
    public EventSource(string platform, string userId, string? chatId = null)
    {
        Platform = Validate(platform, nameof(platform), isPlatform: true);
        UserId = Validate(userId, nameof(userId), isPlatform: false);
        ChatId = chatId is null ? null : Validate(chatId, nameof(chatId), isPlatform: false);
    }

    [Id(0)]
    public string Platform { get; }

    [Id(1)]
    public string UserId { get; }

    [Id(2)]
    public string? ChatId { get; }

    public override string ToString() => ChatId is null ? $"{Platform}:{UserId}" : $"{Platform}:{UserId}:{ChatId}";

    public static EventSource Parse(string value) =>
        TryParse(value, out var source, out var error) ? source : throw new FormatException(error);

    public static bool TryParse(string? value, [NotNullWhen(true)] out EventSource? source) => TryParse(value, out source, out _);

    public static bool TryParse(string? value, [NotNullWhen(true)] out EventSource? source, out string error)
    {
        source = null;
        if (string.IsNullOrEmpty(value))
        {
            error = "An event source must not be empty; expected 'platform:user[:chat]'.";
            return false;
        }

        var parts = value.Split(':');
        if (parts.Length is < 2 or > 3)
        {
            error = $"'{value}' is not an event source; expected 'platform:user[:chat]', e.g. 'telegram:123:456'.";
            return false;
        }

        if (!IsValidPlatform(parts[0]))
        {
            error = $"'{value}' has an invalid platform '{parts[0]}'; use lowercase letters and digits.";
            return false;
        }

        for (var i = 1; i < parts.Length; i++)
        {
            if (!IsValidId(parts[i]))
            {
                error = $"'{value}' has an empty or invalid id at position {i}; ids are non-empty and have no ':' or white space.";
                return false;
            }
        }

        source = new EventSource(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
        error = string.Empty;
        return true;
    }

    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 256 && !id.Any(c => c == ':' || char.IsWhiteSpace(c) || char.IsControl(c));

    private static bool IsValidPlatform(string platform) =>
        platform.Length is > 0 and <= 32 && platform.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));

    private static string Validate(string value, string name, bool isPlatform)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (isPlatform ? !IsValidPlatform(value) : !IsValidId(value))
        {
            throw new ArgumentException(
                isPlatform ? $"Invalid platform '{value}': use lowercase letters and digits." : $"Invalid id '{value}': ids are non-empty and have no ':' or white space.",
                name);
        }

        return value;
    }

    private sealed class EventSourceJsonConverter : JsonConverter<EventSource>
    {
        public override EventSource Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return TryParse(text, out var source, out var error) ? source : throw new JsonException(error);
        }

        public override void Write(Utf8JsonWriter writer, EventSource value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
