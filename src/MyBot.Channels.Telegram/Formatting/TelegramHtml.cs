using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace MyBot.Channels.Telegram.Formatting;

/// <summary>Escaping for Telegram's HTML parse mode, and the way back to plain text when Telegram rejects the markup.</summary>
public static partial class TelegramHtml
{
    /// <summary>Telegram's limit on a message's text.</summary>
    public const int MessageLimit = 4096;

    /// <summary>Escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> (and <c>"</c>, so the same escape serves attribute values).</summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("<>&\"") < 0)
        {
            return text;
        }

        var output = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            output.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }

        return output.ToString();
    }

    /// <summary>The text a user sees, for sending without parse mode after Telegram answered "can't parse entities".</summary>
    public static string ToPlainText(string html) => WebUtility.HtmlDecode(Tag().Replace(html, string.Empty));

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
