using System.Text;

namespace MyBot.Channels.Formatting;

/// <summary>
/// Builds a <see cref="MarkupDocument"/> from text and well-nested elements (an HTML tag, a Markdown code fence).
/// An element that ends up with no text is dropped, so no chunk ever carries an empty element.
/// </summary>
/// <param name="escape">Escapes visible text for the format (HTML entities for Telegram, nothing for plain Markdown).</param>
public sealed class MarkupBuilder(Func<string, string> escape)
{
    private readonly StringBuilder _text = new();
    private readonly List<MarkupTag> _tags = [];
    private readonly Stack<MarkupTag> _open = new();

    /// <summary>How many elements are open now.</summary>
    public int Depth => _open.Count;

    /// <summary>The visible text appended so far.</summary>
    public int Length => _text.Length;

    /// <summary>The last visible character appended, or null when there is none.</summary>
    public char? LastChar => _text.Length == 0 ? null : _text[^1];

    public MarkupBuilder Text(string text)
    {
        _text.Append(text);
        return this;
    }

    /// <param name="openMarkup">Written where the element starts, and again at the start of every further chunk it spans.</param>
    /// <param name="closeMarkup">Written where the element ends, and at the end of every chunk that cuts it.</param>
    public MarkupBuilder Open(string openMarkup, string closeMarkup)
    {
        var tag = new MarkupTag(_text.Length, IsOpen: true, openMarkup, closeMarkup);
        _tags.Add(tag);
        _open.Push(tag);
        return this;
    }

    public MarkupBuilder Close()
    {
        if (!_open.TryPop(out var open))
        {
            throw new InvalidOperationException("Close without a matching Open.");
        }

        if (open.Position == _text.Length && _tags[^1] == open)
        {
            _tags.RemoveAt(_tags.Count - 1);
            return this;
        }

        _tags.Add(open with { Position = _text.Length, IsOpen = false });
        return this;
    }

    /// <summary>Removes trailing white space that is not inside an element (renderers end blocks with separators).</summary>
    public MarkupBuilder TrimEnd()
    {
        var floor = _tags.Count == 0 ? 0 : _tags[^1].Position;
        var end = _text.Length;
        while (end > floor && char.IsWhiteSpace(_text[end - 1]))
        {
            end--;
        }

        _text.Length = end;
        return this;
    }

    /// <summary>Closes whatever is still open and returns the document.</summary>
    public MarkupDocument Build()
    {
        while (_open.Count > 0)
        {
            Close();
        }

        return new MarkupDocument(_text.ToString(), [.. _tags], escape);
    }
}
