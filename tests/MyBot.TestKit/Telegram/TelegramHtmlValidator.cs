using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MyBot.TestKit.Telegram;

/// <summary>
/// Parses text the way Telegram's HTML parse mode does, strictly: known tags only, balanced and nested as Telegram allows,
/// every <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> escaped. Written from the Bot API's formatting rules, independent of the
/// production renderer, so the fake server rejects what Telegram would ("can't parse entities").
/// </summary>
public static partial class TelegramHtmlValidator
{
    private static readonly HashSet<string> Formatting = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "tg-spoiler", "span"];

    /// <summary>Returns the visible text (what Telegram counts against its 4096 limit), or an error.</summary>
    public static bool TryParse(string html, out string text, out string error)
    {
        var visible = new StringBuilder();
        var open = new Stack<string>();
        text = string.Empty;
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<')
            {
                var match = Tag().Match(html, i);
                if (!match.Success || match.Index != i)
                {
                    error = $"Can't find end of the tag at byte offset {i}";
                    return false;
                }

                var name = match.Groups["name"].Value.ToLowerInvariant();
                if (match.Groups["close"].Success)
                {
                    if (!open.TryPop(out var top) || top != name)
                    {
                        error = $"Unmatched end tag at byte offset {i}, expected \"</{(open.Count > 0 || top is not null ? top : string.Empty)}>\", found \"</{name}>\"";
                        return false;
                    }
                }
                else
                {
                    if (!IsAllowed(name, match.Groups["attrs"].Value, open, out error))
                    {
                        error = $"{error} at byte offset {i}";
                        return false;
                    }

                    open.Push(name);
                }

                i += match.Length;
                continue;
            }

            if (c == '>')
            {
                error = $"Unexpected end tag at byte offset {i}";
                return false;
            }

            if (c == '&')
            {
                var entity = Entity().Match(html, i);
                if (!entity.Success || entity.Index != i)
                {
                    error = $"Unsupported start tag \"&\" at byte offset {i}";
                    return false;
                }

                visible.Append(Decode(entity.Value));
                i += entity.Length;
                continue;
            }

            visible.Append(c);
            i++;
        }

        if (open.Count > 0)
        {
            error = $"Can't find end tag corresponding to start tag \"{open.Peek()}\"";
            return false;
        }

        text = visible.ToString().Trim();
        if (text.Length == 0)
        {
            error = "message text is empty";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static bool IsAllowed(string name, string attributes, Stack<string> open, out string error)
    {
        error = string.Empty;
        if (open.Contains("pre") && name != "code" || open.Contains("code"))
        {
            error = $"Tag \"{name}\" inside pre or code";
            return false;
        }

        switch (name)
        {
            case "a":
                if (open.Contains("a") || !HrefAttribute().IsMatch(attributes))
                {
                    error = "Invalid a tag";
                    return false;
                }

                return true;
            case "code" or "pre":
                if (open.Any(Formatting.Contains) || open.Contains("a") || (name == "pre" && open.Contains("blockquote")))
                {
                    error = $"Tag \"{name}\" inside formatting";
                    return false;
                }

                return true;
            case "blockquote":
                if (open.Contains("blockquote"))
                {
                    error = "Nested blockquote";
                    return false;
                }

                return true;
            case "span":
                if (!attributes.Contains("tg-spoiler", StringComparison.Ordinal))
                {
                    error = "Unsupported start tag \"span\"";
                    return false;
                }

                return true;
            default:
                if (!Formatting.Contains(name))
                {
                    error = $"Unsupported start tag \"{name}\"";
                    return false;
                }

                return true;
        }
    }

    private static string Decode(string entity) => entity switch
    {
        "&lt;" => "<",
        "&gt;" => ">",
        "&amp;" => "&",
        "&quot;" => "\"",
        _ when entity.StartsWith("&#x", StringComparison.OrdinalIgnoreCase) => char.ConvertFromUtf32(int.Parse(entity[3..^1], NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
        _ => char.ConvertFromUtf32(int.Parse(entity[2..^1], CultureInfo.InvariantCulture)),
    };

    [GeneratedRegex("""<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9-]*)(?<attrs>(\s+[a-z-]+(="[^"<>]*")?)*)\s*>""")]
    private static partial Regex Tag();

    [GeneratedRegex("&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")]
    private static partial Regex Entity();

    [GeneratedRegex("""^\s+href="[^"]+"$""")]
    private static partial Regex HrefAttribute();
}
