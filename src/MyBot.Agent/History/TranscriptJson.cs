using System.Text.Json;
using MyBot.Channels;

namespace MyBot.Agent.History;

internal static class TranscriptJson
{
    public static JsonSerializerOptions Options => ChannelJson.Options;

    public static byte[] ToLine(TranscriptEntry entry)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(entry, Options);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }
}
