using System.Text.RegularExpressions;

namespace MyBot.Cli.Terminal;

/// <summary>A reply written for chat apps, made readable in a terminal, which shows Markdown's marks literally.</summary>
public static partial class TerminalText
{
    /// <summary>Drops the backticks around inline code (<c>`/help`</c> becomes <c>/help</c>); code blocks keep their fences.</summary>
    public static string FromMarkdown(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return InlineCode().Replace(text, "$1");
    }

    [GeneratedRegex(@"(?<!`)`([^`\n]+)`(?!`)")]
    private static partial Regex InlineCode();
}
