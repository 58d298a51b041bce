using System.Text.Json;
using System.Text.Json.Serialization;

namespace MyBot.Channels.Discord.Rest;

/// <summary>Discord's wire shape: snake_case names, nulls left out of what we send.</summary>
public static class DiscordJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
