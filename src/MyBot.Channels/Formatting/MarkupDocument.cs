namespace MyBot.Channels.Formatting;

/// <summary>
/// Rendered text as the splitter sees it: the visible (unescaped) text, the elements over it, and how a format escapes text.
/// Built with <see cref="MarkupBuilder"/>; split with <see cref="MarkupSplitter"/>.
/// </summary>
public sealed class MarkupDocument
{
    internal MarkupDocument(string text, IReadOnlyList<MarkupTag> tags, Func<string, string> escape)
    {
        Text = text;
        Tags = tags;
        Escape = escape;
    }

    /// <summary>The visible text, before escaping.</summary>
    public string Text { get; }

    internal IReadOnlyList<MarkupTag> Tags { get; }

    internal Func<string, string> Escape { get; }

    /// <summary>The whole document as one string, without any limit.</summary>
    public string Render() => string.Concat(MarkupSplitter.Split(this, int.MaxValue));
}
