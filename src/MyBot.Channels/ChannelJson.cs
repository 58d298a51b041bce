using System.Text.Json;
using MyBot.Runtime;

namespace MyBot.Channels;

/// <summary>The one JSON shape for events in streams, grain state and the HTTP API: the runtime's.</summary>
public static class ChannelJson
{
    public static JsonSerializerOptions Options => RuntimeJson.Options;
}
