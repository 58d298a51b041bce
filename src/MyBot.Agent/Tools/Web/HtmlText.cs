using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace MyBot.Agent.Tools.Web;

/// <summary>Turns an HTML page into readable text: title, then the visible text with block elements on their own lines.</summary>
public static partial class HtmlText
{
    public static string Extract(string html)
    {
        var title = TitleRegex().Match(html) is { Success: true } match ? Clean(WebUtility.HtmlDecode(match.Groups[1].Value)) : null;
        var body = InvisibleRegex().Replace(html, " ");
        body = CommentRegex().Replace(body, " ");
        body = BlockRegex().Replace(body, "\n");
        body = TagRegex().Replace(body, string.Empty);
        body = WebUtility.HtmlDecode(body);

        var text = new StringBuilder();
        if (!string.IsNullOrEmpty(title))
        {
            text.Append("# ").AppendLine(title).AppendLine();
        }

        foreach (var line in body.Split('\n').Select(Clean).Where(l => l.Length > 0))
        {
            text.AppendLine(line);
        }

        return text.ToString().TrimEnd();
    }

    private static string Clean(string line) => SpaceRegex().Replace(line, " ").Trim();

    [GeneratedRegex(@"<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex TitleRegex();

    [GeneratedRegex(@"<(script|style|noscript|template|svg|head)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex InvisibleRegex();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex CommentRegex();

    [GeneratedRegex(@"<\s*(br|/?p|/?div|/?li|/?tr|/?h[1-6]|/?section|/?article|/?ul|/?ol|/?table|/?blockquote|/?pre)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockRegex();

    [GeneratedRegex(@"<[^>]+>", RegexOptions.Singleline)]
    private static partial Regex TagRegex();

    [GeneratedRegex(@"[ \t\r\f\v\u00a0]+")]
    private static partial Regex SpaceRegex();
}
