using System.Text;
using System.Text.RegularExpressions;
using MyBot.Channels.Formatting;

namespace MyBot.Channels.Tests.Formatting;

public sealed partial class MarkupSplitterTests
{
    private static string Html(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    [Fact]
    public void Short_text_is_one_chunk_as_rendered()
    {
        var document = new MarkupBuilder(Html).Text("a < b & ").Open("<b>", "</b>").Text("c").Close().Build();

        Assert.Equal(["a &lt; b &amp; <b>c</b>"], MarkupSplitter.Split(document, 4096));
    }

    [Fact]
    public void Splits_at_the_paragraph_break_before_a_later_line_break()
    {
        var text = "First paragraph.\n\nSecond one starts\nand goes on for a while.";
        var chunks = MarkupSplitter.Split(new MarkupBuilder(Html).Text(text).Build(), 50);

        Assert.Equal(["First paragraph.\n\n", "Second one starts\nand goes on for a while."], chunks);
    }

    [Fact]
    public void Splits_at_a_line_break_when_no_paragraph_break_fits()
    {
        var text = "one line here\ntwo line here. more words after it";
        var chunks = MarkupSplitter.Split(new MarkupBuilder(Html).Text(text).Build(), 30);

        Assert.Equal("one line here\n", chunks[0]);
    }

    [Fact]
    public void Splits_after_a_sentence_before_splitting_between_words()
    {
        var text = "Short one. Then a longer sentence without end";
        var chunks = MarkupSplitter.Split(new MarkupBuilder(Html).Text(text).Build(), 25);

        Assert.Equal("Short one. ", chunks[0]);
    }

    [Fact]
    public void Splits_between_words_then_characters()
    {
        var words = MarkupSplitter.Split(new MarkupBuilder(Html).Text("alpha beta gamma").Build(), 12);
        var letters = MarkupSplitter.Split(new MarkupBuilder(Html).Text("abcdefghij").Build(), 4);

        Assert.Equal(["alpha beta ", "gamma"], words);
        Assert.Equal(["abcd", "efgh", "ij"], letters);
    }

    [Fact]
    public void Never_cuts_an_escape_or_a_surrogate_pair()
    {
        var chunks = MarkupSplitter.Split(new MarkupBuilder(Html).Text("&&&😀😀😀").Build(), 6);

        Assert.All(chunks, c => Assert.True(c.Length <= 6));
        Assert.Equal("&amp;&amp;&amp;😀😀😀", string.Concat(chunks));
        Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c[^1])));
    }

    [Fact]
    public void An_element_cut_by_a_split_is_closed_and_reopened()
    {
        var document = new MarkupBuilder(Html).Open("<pre><code class=\"language-cs\">", "</code></pre>")
            .Text("line one\nline two\nline three\n").Close().Build();

        var chunks = MarkupSplitter.Split(document, 60);

        Assert.Equal(
            ["<pre><code class=\"language-cs\">line one\n</code></pre>", "<pre><code class=\"language-cs\">line two\n</code></pre>", "<pre><code class=\"language-cs\">line three\n</code></pre>"],
            chunks);
    }

    [Fact]
    public void Empty_elements_are_dropped()
    {
        var document = new MarkupBuilder(Html).Text("x").Open("<b>", "</b>").Open("<i>", "</i>").Close().Close().Build();

        Assert.Equal("x", document.Render());
    }

    [Fact]
    public void Markup_that_leaves_no_room_for_text_is_refused()
    {
        var document = new MarkupBuilder(Html).Open("<a href=\"https://example.com/very/long\">", "</a>").Text("x").Build();

        Assert.Throws<InvalidOperationException>(() => MarkupSplitter.Split(document, 10));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_documents_split_into_balanced_chunks_within_the_limit_and_lose_no_text(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var (document, visible) = RandomDocument(random);
            var limit = random.Next(60, 400);

            var chunks = MarkupSplitter.Split(document, limit);

            Assert.Equal(chunks, MarkupSplitter.Split(document, limit));
            var recovered = new StringBuilder();
            foreach (var chunk in chunks)
            {
                Assert.True(chunk.Length <= limit, $"chunk of {chunk.Length} > {limit}");
                AssertBalanced(chunk);
                recovered.Append(Unescape(TagPattern().Replace(chunk, string.Empty)));
            }

            Assert.Equal(Squash(visible), Squash(recovered.ToString()));
        }
    }

    private static (MarkupDocument Document, string Visible) RandomDocument(Random random)
    {
        string[] words = ["a", "word", "x<y", "A&B", "longerword", "sentence.", "end!", "😀", "    ", "\n", "\n\n", "supercalifragilistic"];
        string[] tags = ["b", "i", "u", "s", "code"];
        var builder = new MarkupBuilder(Html);
        var visible = new StringBuilder();
        var depth = 0;
        var count = random.Next(1, 400);
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(10);
            if (roll == 0 && depth < 3)
            {
                var tag = tags[random.Next(tags.Length)];
                builder.Open($"<{tag}>", $"</{tag}>");
                depth++;
            }
            else if (roll == 1 && depth > 0)
            {
                builder.Close();
                depth--;
            }
            else
            {
                var word = words[random.Next(words.Length)] + " ";
                builder.Text(word);
                visible.Append(word);
            }
        }

        return (builder.Build(), visible.ToString());
    }

    private static void AssertBalanced(string chunk)
    {
        var stack = new Stack<string>();
        foreach (Match match in TagPattern().Matches(chunk))
        {
            var name = match.Groups["name"].Value;
            if (match.Groups["close"].Success)
            {
                Assert.True(stack.TryPop(out var open) && open == name, $"unbalanced </{name}> in {chunk}");
            }
            else
            {
                stack.Push(name);
            }
        }

        Assert.Empty(stack);
        Assert.DoesNotMatch("[<>]", TagPattern().Replace(chunk, string.Empty));
        Assert.DoesNotMatch("&(?!amp;|lt;|gt;)", chunk);
    }

    private static string Unescape(string s) => s.Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&");

    private static string Squash(string s) => WhiteSpace().Replace(s, string.Empty);

    [GeneratedRegex("<(?<close>/)?(?<name>[a-z]+)>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
