using System.Text;
using MyBot.Channels.Formatting;

namespace MyBot.Channels.Discord;

/// <summary>
/// The agent's Markdown as Discord shows it. Discord renders CommonMark emphasis, code, quotes, lists, masked links
/// and headings up to level 3, so most text passes through; deeper headings become bold lines.
/// </summary>
internal static class DiscordMarkdown
{
    /// <summary>Rendered and split into messages of at most <paramref name="limit"/> characters, code blocks closed and reopened across a split.</summary>
    public static IReadOnlyList<string> Format(string markdown, int limit) => FencedTextSplitter.Split(Render(markdown), limit);

    public static string Render(string markdown)
    {
        var output = new StringBuilder(markdown.Length);
        var inFence = false;
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (output.Length > 0)
            {
                output.Append('\n');
            }

            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                output.Append(line);
            }
            else if (!inFence && DeepHeading(line) is { } heading)
            {
                output.Append("**").Append(heading).Append("**");
            }
            else
            {
                output.Append(line);
            }
        }

        return output.ToString().Trim('\n');
    }

    private static string? DeepHeading(string line)
    {
        var level = 0;
        while (level < line.Length && line[level] == '#')
        {
            level++;
        }

        return level is >= 4 and <= 6 && level < line.Length && line[level] == ' ' ? line[(level + 1)..].Trim() : null;
    }
}
