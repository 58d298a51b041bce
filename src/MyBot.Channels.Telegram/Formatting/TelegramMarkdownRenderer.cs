using System.Globalization;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using MyBot.Channels.Formatting;

namespace MyBot.Channels.Telegram.Formatting;

/// <summary>
/// Renders the agent's Markdown as Telegram HTML from a parsed Markdig document, using only the tags Telegram accepts
/// (<c>b</c>, <c>i</c>, <c>s</c>, <c>code</c>, <c>pre</c>, <c>a href</c>, <c>blockquote</c>); headings, lists, tables
/// and rules become text. Nesting follows Telegram's rules: nothing inside <c>code</c>/<c>pre</c>, no <c>code</c>/<c>pre</c>
/// inside other formatting, no blockquote in a blockquote, no link in a link.
/// </summary>
/// <remarks>
/// Chunks are measured as the full HTML string in UTF-16 code units, tags and entities included; Telegram counts the
/// 4096 characters after parsing the markup, which is never more, so every chunk is within Telegram's limit.
/// </remarks>
public static class TelegramMarkdownRenderer
{
    private const int MaxHrefLength = 2048;
    private const string Blockquote = "<blockquote>";
    private const string BlockquoteEnd = "</blockquote>";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough)
        .UsePipeTables()
        .Build();

    public static IReadOnlyList<string> Format(string markdown, int limit = TelegramHtml.MessageLimit) =>
        MarkupSplitter.Split(Render(markdown), limit);

    public static MarkupDocument Render(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var writer = new Writer();
        writer.Blocks(Markdown.Parse(markdown, Pipeline), indent: string.Empty);
        return writer.Build();
    }

    private sealed class Writer
    {
        private readonly MarkupBuilder _builder = new(TelegramHtml.Escape);
        private readonly List<(string Name, string Open, string Close)> _inline = [];
        private bool _inQuote;
        private bool _pendingBreak;

        public MarkupDocument Build() => _builder.Build();

        public void Blocks(ContainerBlock container, string indent)
        {
            foreach (var block in container)
            {
                Block(block, indent);
            }
        }

        private void Separate(string separator)
        {
            if (_pendingBreak && _builder.Length > 0)
            {
                _builder.Text(separator);
            }

            _pendingBreak = false;
        }

        private void Block(Block block, string indent)
        {
            switch (block)
            {
                case LinkReferenceDefinitionGroup:
                    return;
                case ListBlock list:
                    List(list, indent);
                    return;
                case QuoteBlock quote:
                    Quote(quote, indent);
                    return;
                case Table table:
                    TableBlock(table, indent);
                    return;
                case CodeBlock code:
                    Code(code, indent);
                    return;
            }

            Separate(indent.Length > 0 ? "\n" : "\n\n");
            _builder.Text(indent);
            switch (block)
            {
                case HeadingBlock { Inline: { } heading }:
                    Wrap("b", "<b>", "</b>", () => Inlines(heading));
                    break;
                case ThematicBreakBlock:
                    _builder.Text("———");
                    break;
                case LeafBlock { Inline: { } inline }:
                    Inlines(inline);
                    break;
                case LeafBlock leaf:
                    _builder.Text(leaf.Lines.ToString());
                    break;
                case ContainerBlock container:
                    _pendingBreak = false;
                    Blocks(container, indent);
                    break;
            }

            _pendingBreak = true;
        }

        private void List(ListBlock list, string indent)
        {
            var number = list.IsOrdered && int.TryParse(list.OrderedStart, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : 1;
            var firstItem = true;
            foreach (var item in list.OfType<ListItemBlock>())
            {
                Separate(firstItem && indent.Length == 0 ? "\n\n" : "\n");
                firstItem = false;
                var bullet = list.IsOrdered ? $"{number++}. " : "• ";
                var first = true;
                foreach (var child in item)
                {
                    if (first && child is ParagraphBlock { Inline: { } inline })
                    {
                        _builder.Text(indent + bullet);
                        Inlines(inline);
                        _pendingBreak = true;
                    }
                    else
                    {
                        if (first)
                        {
                            _builder.Text(indent + bullet.TrimEnd());
                            _pendingBreak = true;
                        }

                        Block(child, indent + "  ");
                    }

                    first = false;
                }
            }

            _pendingBreak = true;
        }

        private void Quote(QuoteBlock quote, string indent)
        {
            if (_inQuote)
            {
                Blocks(quote, indent);
                return;
            }

            Separate(indent.Length > 0 ? "\n" : "\n\n");
            _builder.Open(Blockquote, BlockquoteEnd);
            _inQuote = true;
            Blocks(quote, indent);
            _inQuote = false;
            _builder.Close();
            _pendingBreak = true;
        }

        private void TableBlock(Table table, string indent)
        {
            foreach (var row in table.OfType<TableRow>())
            {
                Separate(indent.Length > 0 || row != table[0] ? "\n" : "\n\n");
                _builder.Text(indent);
                var firstCell = true;
                foreach (var cell in row.OfType<TableCell>())
                {
                    if (!firstCell)
                    {
                        _builder.Text(" | ");
                    }

                    firstCell = false;
                    foreach (var paragraph in cell.OfType<LeafBlock>())
                    {
                        if (paragraph.Inline is { } inline)
                        {
                            if (row.IsHeader)
                            {
                                Wrap("b", "<b>", "</b>", () => Inlines(inline));
                            }
                            else
                            {
                                Inlines(inline);
                            }
                        }
                    }
                }

                _pendingBreak = true;
            }
        }

        private void Code(CodeBlock code, string indent)
        {
            Separate(indent.Length > 0 ? "\n" : "\n\n");
            var language = code is FencedCodeBlock { Info: { Length: > 0 } info } ? LanguageName(info) : null;
            var open = language is null ? "<pre><code>" : $"<pre><code class=\"language-{language}\">";

            // Telegram does not accept a pre block inside a blockquote everywhere: leave the quote for the code.
            if (_inQuote)
            {
                _builder.Close();
            }

            var lines = code.Lines.ToString();
            _builder.Open(open, "</code></pre>").Text(lines.Length == 0 ? " " : lines).Close();
            if (_inQuote)
            {
                _builder.Text("\n").Open(Blockquote, BlockquoteEnd);
            }

            _pendingBreak = !_inQuote;
        }

        private void Inlines(ContainerInline container)
        {
            foreach (var inline in container)
            {
                Inline(inline);
            }
        }

        private void Inline(Inline inline)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    _builder.Text(literal.Content.ToString());
                    break;
                case EmphasisInline emphasis:
                    Emphasis(emphasis);
                    break;
                case CodeInline code:
                    InlineCode(code.Content);
                    break;
                case LinkInline link:
                    Link(link);
                    break;
                case AutolinkInline autolink:
                    var href = autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url;
                    if (IsSafeHref(href) && !IsOpen("a"))
                    {
                        Wrap("a", $"<a href=\"{TelegramHtml.Escape(href)}\">", "</a>", () => _builder.Text(autolink.Url));
                    }
                    else
                    {
                        _builder.Text(autolink.Url);
                    }

                    break;
                case LineBreakInline:
                    _builder.Text("\n");
                    break;
                case HtmlEntityInline entity:
                    _builder.Text(entity.Transcoded.ToString());
                    break;
                case HtmlInline html:
                    _builder.Text(html.Tag);
                    break;
                case ContainerInline container:
                    Inlines(container);
                    break;
                default:
                    _builder.Text(inline.ToString() ?? string.Empty);
                    break;
            }
        }

        private void Emphasis(EmphasisInline emphasis)
        {
            var name = emphasis.DelimiterChar switch
            {
                '~' => "s",
                _ => emphasis.DelimiterCount >= 2 ? "b" : "i",
            };
            if (IsOpen(name))
            {
                Inlines(emphasis);
                return;
            }

            Wrap(name, $"<{name}>", $"</{name}>", () => Inlines(emphasis));
        }

        private void Link(LinkInline link)
        {
            var url = link.GetDynamicUrl?.Invoke() ?? link.Url ?? string.Empty;
            var hasText = link.FirstChild is not null;
            if (!IsSafeHref(url) || IsOpen("a"))
            {
                if (hasText)
                {
                    Inlines(link);
                }
                else
                {
                    _builder.Text(url);
                }

                return;
            }

            Wrap("a", $"<a href=\"{TelegramHtml.Escape(url)}\">", "</a>", () =>
            {
                if (hasText)
                {
                    Inlines(link);
                }
                else
                {
                    _builder.Text(url);
                }
            });
        }

        /// <summary>Code may not sit inside other formatting: close what is open, write the code, reopen.</summary>
        private void InlineCode(string content)
        {
            var open = _inline.ToList();
            for (var i = 0; i < open.Count; i++)
            {
                _builder.Close();
            }

            _inline.Clear();
            _builder.Open("<code>", "</code>").Text(content).Close();
            foreach (var tag in open)
            {
                _builder.Open(tag.Open, tag.Close);
                _inline.Add(tag);
            }
        }

        private void Wrap(string name, string open, string close, Action body)
        {
            var depth = _inline.Count;
            _builder.Open(open, close);
            _inline.Add((name, open, close));
            body();
            while (_inline.Count > depth)
            {
                _inline.RemoveAt(_inline.Count - 1);
                _builder.Close();
            }
        }

        private bool IsOpen(string name) => _inline.Exists(t => t.Name == name);

        private static bool IsSafeHref(string url) =>
            url.Length is > 0 and <= MaxHrefLength
            && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https" or "tg" or "mailto";

        private static string? LanguageName(string info)
        {
            var name = new string(info.TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '#' or '-' or '_' or '.').ToArray());
            return name.Length is > 0 and <= 32 ? name : null;
        }
    }
}
