using System.Text.Json;
using System.Text.Json.Serialization;

namespace MyBot.Runtime;

/// <summary>The JSON shape of the runtime's own records (grain state, reminders, dead letters, stream envelopes).</summary>
public static class RuntimeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
