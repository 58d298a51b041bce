using System.Text.Json;
using System.Text.Json.Serialization;

namespace MyBot.Channels;

/// <summary>The one JSON shape for events in the HTTP API, dead-letter payloads and admin answers.</summary>
public static class ChannelJson
{
    public static JsonSerializerOptions Options { get; } = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Gives <paramref name="options"/> this shape: the host's HTTP JSON options get it, so typed results and the OpenAPI document agree.</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        return options;
    }
}
