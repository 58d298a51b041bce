using System.Text.Json;
using System.Text.Json.Serialization;

namespace MyBot.Grains;

/// <summary>
/// How a stream provider writes a dead letter's payload (the events of the message it gave up on), so the file and
/// the Azure provider write the same JSON and the dead-letter retrier reads either.
/// </summary>
public static class DeadLetterPayloadJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
