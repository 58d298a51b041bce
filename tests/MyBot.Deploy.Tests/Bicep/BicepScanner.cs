using System.Text;

namespace MyBot.Deploy.Tests.Bicep;

/// <summary>
/// Character-level help for reading Bicep without the bicep CLI: comments, string literals and bracket nesting.
/// Strings are single-quoted with backslash escapes; <c>${...}</c> interpolation stays inside the string for nesting.
/// </summary>
internal static class BicepScanner
{
    /// <summary>The text with every comment replaced by spaces (newlines kept), so offsets and lines stay as they were.</summary>
    public static string StripComments(string text)
    {
        var result = new StringBuilder(text);
        var index = 0;
        while (index < text.Length)
        {
            if (text[index] == '\'')
            {
                index = SkipString(text, index);
            }
            else if (At(text, index, "//"))
            {
                while (index < text.Length && text[index] != '\n')
                {
                    result[index++] = ' ';
                }
            }
            else if (At(text, index, "/*"))
            {
                var end = text.IndexOf("*/", index + 2, StringComparison.Ordinal);
                end = end < 0 ? text.Length : end + 2;
                for (; index < end; index++)
                {
                    if (text[index] != '\n')
                    {
                        result[index] = ' ';
                    }
                }
            }
            else
            {
                index++;
            }
        }

        return result.ToString();
    }

    /// <summary>The index just past the string literal that starts at <paramref name="start"/> (a quote).</summary>
    public static int SkipString(string text, int start)
    {
        if (At(text, start, "'''"))
        {
            var end = text.IndexOf("'''", start + 3, StringComparison.Ordinal);
            return end < 0 ? text.Length : end + 3;
        }

        var index = start + 1;
        while (index < text.Length)
        {
            switch (text[index])
            {
                case '\\':
                    index += 2;
                    break;
                case '\'':
                    return index + 1;
                default:
                    index++;
                    break;
            }
        }

        return index;
    }

    /// <summary>The index of the bracket closing the one at <paramref name="open"/>, skipping strings.</summary>
    public static int FindClosing(string text, int open)
    {
        var depth = 0;
        var index = open;
        while (index < text.Length)
        {
            var character = text[index];
            if (character == '\'')
            {
                index = SkipString(text, index);
                continue;
            }

            if (character is '{' or '[' or '(')
            {
                depth++;
            }
            else if (character is '}' or ']' or ')')
            {
                depth--;
                if (depth == 0)
                {
                    return index;
                }
            }

            index++;
        }

        throw new FormatException($"Unbalanced bracket opened at offset {open}.");
    }

    /// <summary>Offsets of every opening bracket of the given kind outside string literals.</summary>
    public static IEnumerable<int> OpeningBrackets(string text, char kind)
    {
        var index = 0;
        while (index < text.Length)
        {
            if (text[index] == '\'')
            {
                index = SkipString(text, index);
                continue;
            }

            if (text[index] == kind)
            {
                yield return index;
            }

            index++;
        }
    }

    /// <summary>
    /// Splits the inside of an object or array into its members: a member ends at a newline or comma that is not
    /// nested in brackets or inside a string.
    /// </summary>
    public static IReadOnlyList<string> SplitMembers(string inner)
    {
        var members = new List<string>();
        var depth = 0;
        var start = 0;
        var index = 0;
        while (index < inner.Length)
        {
            var character = inner[index];
            if (character == '\'')
            {
                index = SkipString(inner, index);
                continue;
            }

            if (character is '{' or '[' or '(')
            {
                depth++;
            }
            else if (character is '}' or ']' or ')')
            {
                depth--;
            }
            else if (depth == 0 && character is '\n' or ',')
            {
                Add(inner[start..index]);
                start = index + 1;
            }

            index++;
        }

        Add(inner[start..]);
        return members;

        void Add(string member)
        {
            if (!string.IsNullOrWhiteSpace(member))
            {
                members.Add(member.Trim());
            }
        }
    }

    private static bool At(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
