using System.Text.Json;
using MyBot.Channels;

namespace MyBot.Agent.History;

/// <summary>The JSON Lines format of a transcript, the same in every store: one <see cref="TranscriptEntry"/> per line.</summary>
public static class TranscriptJson
{
    private static JsonSerializerOptions Options => ChannelJson.Options;

    public static byte[] ToLine(TranscriptEntry entry)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(entry, Options);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    public static byte[] ToLines(IReadOnlyList<TranscriptEntry> entries)
    {
        using var buffer = new MemoryStream();
        foreach (var entry in entries)
        {
            buffer.Write(ToLine(entry));
        }

        return buffer.ToArray();
    }

    /// <summary>The entries of a transcript's content, skipping a line that does not parse (a version's line this one cannot read, or the torn tail of a write a crash cut).</summary>
    public static List<TranscriptEntry> ReadLines(ReadOnlySpan<byte> content)
    {
        var entries = new List<TranscriptEntry>();
        while (!content.IsEmpty)
        {
            var end = content.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            content = end < 0 ? [] : content[(end + 1)..];
            if (line.Trim((byte)'\r').IsEmpty)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<TranscriptEntry>(line, Options) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                // One unreadable line costs only itself: the rest of the transcript still reads.
            }
        }

        return entries;
    }
}
