using System.Text.Json;
using System.Text.Json.Serialization;

namespace MyBot.Channels;

/// <summary>The one JSON shape for events in the HTTP API, dead-letter payloads and admin answers.</summary>
public static class ChannelJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
