using System.Text;

namespace MyBot.Channels.Formatting;

/// <summary>
/// Splits a <see cref="MarkupDocument"/> into chunks of at most a limit, each valid on its own: an element cut by a
/// split is closed at the end of one chunk and opened again at the start of the next (a code block stays a code block).
/// </summary>
/// <remarks>
/// Splits at a paragraph break, else a line break, else after a sentence, else between words, else between characters
/// (never inside a surrogate pair or an escape). Of the best level that fits, the latest place wins, so chunks are as
/// full as they can be. Length is the rendered string's length in UTF-16 code units, markup and escapes included: never
/// less than what a platform counts after parsing its markup. Deterministic: the same document and limit give the same chunks.
/// </remarks>
public static class MarkupSplitter
{
    public static IReadOnlyList<string> Split(MarkupDocument document, int limit)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);

        var text = document.Text;
        var tags = document.Tags;
        var escaped = new string[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            escaped[i] = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                ? document.Escape(text.Substring(i, 2))
                : char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]) ? string.Empty : document.Escape(text[i].ToString());
        }

        var levels = BreakLevels(text);
        var chunks = new List<string>();
        var open = new List<MarkupTag>();
        var tagIndex = 0;
        var start = 0;
        while (start < text.Length)
        {
            var fit = LongestFit(text, tags, escaped, open, tagIndex, start, limit);
            if (fit == start)
            {
                throw new InvalidOperationException(
                    $"The markup open at position {start} leaves no room for text within {limit} characters; renderers must bound nesting and attribute length.");
            }

            var end = fit == text.Length ? fit : BestBreak(levels, start, fit);
            var chunk = Render(text, tags, escaped, open, ref tagIndex, start, end);
            if (!IsWhiteSpace(text, start, end))
            {
                chunks.Add(chunk);
            }

            start = end;
        }

        return chunks;
    }

    /// <summary>The furthest end position whose chunk, with the markup reopened before it and closed after it, fits the limit.</summary>
    private static int LongestFit(string text, IReadOnlyList<MarkupTag> tags, string[] escaped, List<MarkupTag> open, int tagIndex, int start, int limit)
    {
        long length = 0;
        long closing = 0;
        foreach (var tag in open)
        {
            length += tag.OpenMarkup.Length;
            closing += tag.CloseMarkup.Length;
        }

        var fit = start;
        var i = start;
        var t = tagIndex;
        while (true)
        {
            while (i > start && t < tags.Count && tags[t].Position == i && !tags[t].IsOpen)
            {
                length += tags[t].CloseMarkup.Length;
                closing -= tags[t].CloseMarkup.Length;
                t++;
            }

            if (i > start)
            {
                if (length + closing > limit)
                {
                    return fit;
                }

                fit = i;
            }

            if (i == text.Length)
            {
                return fit;
            }

            while (t < tags.Count && tags[t].Position == i && tags[t].IsOpen)
            {
                length += tags[t].OpenMarkup.Length;
                closing += tags[t].CloseMarkup.Length;
                t++;
            }

            length += escaped[i].Length;
            i++;
        }
    }

    private static int BestBreak(BreakLevel[] levels, int start, int fit)
    {
        var best = start;
        var bestLevel = BreakLevel.None;
        for (var i = fit; i > start; i--)
        {
            if (levels[i] > bestLevel)
            {
                best = i;
                bestLevel = levels[i];
            }
        }

        return best;
    }

    private static string Render(string text, IReadOnlyList<MarkupTag> tags, string[] escaped, List<MarkupTag> open, ref int tagIndex, int start, int end)
    {
        var output = new StringBuilder();
        foreach (var tag in open)
        {
            output.Append(tag.OpenMarkup);
        }

        for (var i = start; ; i++)
        {
            while (i > start && tagIndex < tags.Count && tags[tagIndex].Position == i && !tags[tagIndex].IsOpen)
            {
                output.Append(tags[tagIndex].CloseMarkup);
                open.RemoveAt(open.Count - 1);
                tagIndex++;
            }

            if (i == end)
            {
                break;
            }

            while (tagIndex < tags.Count && tags[tagIndex].Position == i && tags[tagIndex].IsOpen)
            {
                output.Append(tags[tagIndex].OpenMarkup);
                open.Add(tags[tagIndex]);
                tagIndex++;
            }

            output.Append(escaped[i]);
        }

        for (var i = open.Count - 1; i >= 0; i--)
        {
            output.Append(open[i].CloseMarkup);
        }

        return output.ToString();
    }

    /// <summary>The level of a split before each position (index = position; 0 and the end are never split points).</summary>
    private static BreakLevel[] BreakLevels(string text)
    {
        var levels = new BreakLevel[text.Length + 1];
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsLowSurrogate(text[i]) && char.IsHighSurrogate(text[i - 1]))
            {
                continue;
            }

            var previous = text[i - 1];
            if (!char.IsWhiteSpace(previous) || (char.IsWhiteSpace(text[i]) && previous != '\n'))
            {
                levels[i] = BreakLevel.Character;
                continue;
            }

            if (previous != '\n')
            {
                var j = i - 1;
                while (j >= 0 && char.IsWhiteSpace(text[j]))
                {
                    j--;
                }

                levels[i] = j >= 0 && text[j] is '.' or '!' or '?' or ';' or ':' ? BreakLevel.Sentence : BreakLevel.Word;
                continue;
            }

            // Split right after the newline so a code line keeps its indentation in the next chunk.
            levels[i] = i >= 2 && text[i - 2] == '\n' ? BreakLevel.Paragraph : BreakLevel.Line;
        }

        return levels;
    }

    private static bool IsWhiteSpace(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
