namespace MyBot.Channels.Formatting;

/// <summary>
/// Splits text whose only markup that must not be cut is the fenced code block (<c>```lang</c> … <c>```</c>), as Discord
/// shows Markdown as written: a code block cut by a split is closed with its fence and reopened with the same opening line.
/// </summary>
public static class FencedTextSplitter
{
    public static IReadOnlyList<string> Split(string text, int limit) => MarkupSplitter.Split(Parse(text), limit);

    public static MarkupDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new MarkupBuilder(static s => s);
        string? fence = null;
        var needsNewline = false;
        foreach (var line in text.Trim().ReplaceLineEndings("\n").Split('\n'))
        {
            if (fence is not null)
            {
                if (line.Trim() == fence)
                {
                    builder.Close();
                    fence = null;
                    needsNewline = true;
                }
                else
                {
                    builder.Text(line + "\n");
                }

                continue;
            }

            if (needsNewline)
            {
                builder.Text("\n");
            }

            needsNewline = true;
            var marker = FenceMarker(line);
            if (marker is null)
            {
                builder.Text(line);
                continue;
            }

            // The closing fence goes on its own line: the content always ends with a newline.
            builder.Open(line.TrimStart() + "\n", marker);
            fence = marker;
            needsNewline = false;
        }

        return builder.Build();
    }

    private static string? FenceMarker(string line)
    {
        var trimmed = line.TrimStart();
        foreach (var fence in (ReadOnlySpan<char>)['`', '~'])
        {
            var count = 0;
            while (count < trimmed.Length && trimmed[count] == fence)
            {
                count++;
            }

            if (count >= 3)
            {
                return new string(fence, count);
            }
        }

        return null;
    }
}
