using System.Text;

namespace MyBot.Channels.Discord;

/// <summary>
/// Splits text into messages of at most <c>limit</c> characters at line breaks where it can, closing an open code fence
/// at the end of a chunk and reopening it (with its language) at the start of the next, so every chunk renders on its own.
/// </summary>
internal static class DiscordMessageSplitter
{
    private const string Fence = "```";
    private const int FenceCloseLength = 4;

    public static IReadOnlyList<string> Split(string text, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 16);
        var chunks = new List<string>();
        var current = new StringBuilder();
        var hasContent = false;
        string? openFence = null;

        void Flush()
        {
            if (!hasContent)
            {
                return;
            }

            chunks.Add(openFence is null ? current.ToString() : current.Append('\n').Append(Fence).ToString());
            current.Clear();
            hasContent = false;
            if (openFence is not null)
            {
                current.Append(openFence);
            }
        }

        foreach (var line in text.Split('\n'))
        {
            var isFence = line.TrimStart().StartsWith(Fence, StringComparison.Ordinal);
            var fenceAfter = isFence ? (openFence is null ? line.Trim() : null) : openFence;
            var reserve = fenceAfter is null ? 0 : FenceCloseLength;
            if (Needed(current, line, reserve) > limit)
            {
                Flush();
            }

            if (isFence && openFence is not null && !hasContent)
            {
                // A fence that closes right after being reopened would leave an empty code block.
                current.Clear();
                openFence = null;
                continue;
            }

            var rest = line;
            while (Needed(current, rest, reserve) > limit)
            {
                var room = Math.Max(1, limit - current.Length - (current.Length > 0 ? 1 : 0) - reserve);
                var cut = CutIndex(rest, room);
                AppendLine(current, rest[..cut]);
                hasContent = true;
                Flush();
                rest = cut < rest.Length && rest[cut] == ' ' ? rest[(cut + 1)..] : rest[cut..];
            }

            AppendLine(current, rest);
            hasContent |= !isFence;
            openFence = fenceAfter;
        }

        Flush();
        return chunks.Select(c => c.Trim('\n')).Where(c => c.Trim().Length > 0).ToArray();
    }

    private static int Needed(StringBuilder current, string line, int reserve) =>
        current.Length + (current.Length > 0 ? 1 : 0) + line.Length + reserve;

    private static void AppendLine(StringBuilder current, string line)
    {
        if (current.Length > 0)
        {
            current.Append('\n');
        }

        current.Append(line);
    }

    /// <summary>Where to cut an over-long line: the last space in the second half of the room, else the room's end (never inside a surrogate pair).</summary>
    private static int CutIndex(string line, int room)
    {
        var space = line.LastIndexOf(' ', Math.Min(room, line.Length) - 1);
        if (space > room / 2)
        {
            return space;
        }

        return char.IsHighSurrogate(line[room - 1]) ? room - 1 : room;
    }
}
