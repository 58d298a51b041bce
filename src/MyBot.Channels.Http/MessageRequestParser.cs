using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace MyBot.Channels.Http;

/// <summary>Validates the JSON body of <c>POST /api/messages</c>, with an error that says which field is wrong and why.</summary>
internal static class MessageRequestParser
{
    public const int MaxClientIdLength = 128;

    public static bool TryParse(
        JsonElement body,
        int maxMessageLength,
        [NotNullWhen(true)] out ParsedMessage? message,
        [NotNullWhen(false)] out string? error)
    {
        message = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            error = "The body must be a JSON object: {\"user\": \"...\", \"text\": \"...\", \"chat\": \"...\", \"id\": \"...\"}.";
            return false;
        }

        if (!TryReadString(body, "user", required: true, out var user, out error)
            || !TryReadString(body, "chat", required: false, out var chat, out error)
            || !TryReadString(body, "text", required: true, out var text, out error)
            || !TryReadString(body, "id", required: false, out var id, out error))
        {
            return false;
        }

        if (!EventSource.IsValidId(user))
        {
            error = "'user' must be 1-256 characters without ':' or white space.";
            return false;
        }

        if (chat is not null && !EventSource.IsValidId(chat))
        {
            error = "'chat' must be 1-256 characters without ':' or white space.";
            return false;
        }

        if (id is not null && (id.Length is 0 or > MaxClientIdLength || id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            error = $"'id' must be 1-{MaxClientIdLength} characters without white space.";
            return false;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            error = "'text' must not be empty.";
            return false;
        }

        if (text.Length > maxMessageLength)
        {
            error = $"'text' has {text.Length} characters; the limit is {maxMessageLength} (MyBot:Api:MaxMessageLength).";
            return false;
        }

        message = new ParsedMessage(new EventSource(HttpChannel.PlatformName, user!, chat ?? user), text, id);
        error = null;
        return true;
    }

    private static bool TryReadString(JsonElement body, string name, bool required, out string? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (!body.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                error = $"'{name}' is required.";
                return false;
            }

            return true;
        }

        if (property.ValueKind != JsonValueKind.String)
        {
            error = $"'{name}' must be a string, not {property.ValueKind.ToString().ToLowerInvariant()}.";
            return false;
        }

        value = property.GetString();
        return true;
    }
}
