using System.Text;
using MyBot.Channels.Telegram.Formatting;
using MyBot.TestKit.Telegram;

namespace MyBot.Channels.Telegram.Tests.Formatting;

public sealed class TelegramMarkdownRendererTests
{
    [Theory]
    [InlineData("**bold** and *it* and ~~gone~~", "<b>bold</b> and <i>it</i> and <s>gone</s>")]
    [InlineData("a < b && c > d", "a &lt; b &amp;&amp; c &gt; d")]
    [InlineData("`x<y`", "<code>x&lt;y</code>")]
    [InlineData("[site](https://example.com/?a=1&b=\"2\")", "<a href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\">site</a>")]
    [InlineData("[bad](javascript:alert(1))", "bad")]
    [InlineData("# Title\n\nBody", "<b>Title</b>\n\nBody")]
    [InlineData("- one\n- two\n  - nested", "• one\n• two\n  • nested")]
    [InlineData("3. three\n4. four", "3. three\n4. four")]
    [InlineData("> quoted *text*", "<blockquote>quoted <i>text</i></blockquote>")]
    [InlineData("```python\nprint('<hi>')\n```", "<pre><code class=\"language-python\">print('&lt;hi&gt;')</code></pre>")]
    [InlineData("**bold `code` more**", "<b>bold </b><code>code</code><b> more</b>")]
    [InlineData("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;")]
    [InlineData("| a | b |\n|---|---|\n| 1 | 2 |", "<b>a</b> | <b>b</b>\n1 | 2")]
    public void Renders_markdown_as_telegram_html(string markdown, string html)
    {
        Assert.Equal(html, TelegramMarkdownRenderer.Render(markdown).Render());
    }

    [Fact]
    public void A_code_block_in_a_quote_leaves_the_quote()
    {
        var html = TelegramMarkdownRenderer.Render("> before\n> ```\n> code\n> ```\n> after").Render();

        Assert.True(TelegramHtmlValidator.TryParse(html, out _, out var error), error);
        Assert.Contains("<pre><code>code</code></pre>", html);
    }

    [Fact]
    public void A_long_code_block_is_closed_and_reopened_in_every_chunk()
    {
        var code = string.Join("\n", Enumerable.Range(0, 400).Select(i => $"let value{i} = compute({i}) < limit && ok;"));
        var chunks = TelegramMarkdownRenderer.Format($"Intro\n\n```rust\n{code}\n```\n\nOutro");

        Assert.True(chunks.Count >= 4);
        Assert.All(chunks.Skip(1).SkipLast(1), c => Assert.StartsWith("<pre><code class=\"language-rust\">let value", c));
        Assert.Equal("Intro", chunks[0].TrimEnd());
        Assert.All(chunks.Skip(1).SkipLast(1), c => Assert.EndsWith("</code></pre>", c.TrimEnd()));
        AssertValidChunks(chunks);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(16)]
    public void Every_chunk_of_random_markdown_is_valid_telegram_html_within_the_limit(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 25; round++)
        {
            var markdown = RandomMarkdown(random);

            var chunks = TelegramMarkdownRenderer.Format(markdown);

            Assert.Equal(chunks, TelegramMarkdownRenderer.Format(markdown));
            AssertValidChunks(chunks);
        }
    }

    [Fact]
    public void Small_limits_still_give_valid_chunks()
    {
        var random = new Random(7);
        for (var round = 0; round < 100; round++)
        {
            var chunks = TelegramMarkdownRenderer.Format(RandomMarkdown(random), limit: random.Next(120, 600));

            AssertValidChunks(chunks, limit: 600);
        }
    }

    [Fact]
    public void Plain_text_fallback_shows_what_the_user_would_have_seen()
    {
        Assert.Equal("a <b> & \"c\"", TelegramHtml.ToPlainText("<b>a</b> &lt;b&gt; &amp; &quot;c&quot;"));
    }

    private static void AssertValidChunks(IReadOnlyList<string> chunks, int limit = TelegramHtml.MessageLimit)
    {
        Assert.NotEmpty(chunks);
        foreach (var chunk in chunks)
        {
            Assert.True(chunk.Length <= limit, $"chunk of {chunk.Length} characters");
            Assert.True(TelegramHtmlValidator.TryParse(chunk, out var text, out var error), $"{error}: {chunk}");
            Assert.True(text.Length <= limit);
        }
    }

    private static string RandomMarkdown(Random random)
    {
        string[] pieces =
        [
            "Plain words and more words. ", "A < B & C > D. ", "**bold words** ", "*italic* ", "~~struck~~ ", "`inline <code>` ",
            "[a link](https://example.com/path?q=1&r=2) ", "<https://example.org> ", "**bold with `code` and [link](https://x.y/)** ",
            "\n\n", "\n", "\n\n# Heading & more\n\n", "\n\n- item one\n- item **two**\n  - nested [l](https://a.b)\n\n",
            "\n\n1. first\n2. second\n\n", "\n\n> quote with *style* and `code`\n> second line\n\n",
            "\n\n```csharp\nif (a < b && c > d) { return \"x\"; }\n    indented();\n```\n\n", "\n\n---\n\n",
            "\n\n| h1 | h2 |\n|---|---|\n| <td> | & |\n\n", "😀 emoji ", "&amp; literal entity ", "<b>raw html</b> ",
            "averyveryveryveryveryveryveryveryveryveryverylongwordwithoutanybreaks", "\n\n> ```\n> quoted code\n> ```\n\n",
        ];
        var text = new StringBuilder();
        var count = random.Next(1, 300);
        for (var i = 0; i < count; i++)
        {
            text.Append(pieces[random.Next(pieces.Length)]);
        }

        if (random.Next(4) == 0)
        {
            text.Append("\n\n```\n").Append(string.Concat(Enumerable.Repeat("x <&> y\n", random.Next(100, 900)))).Append("```\n");
        }

        return text.ToString();
    }
}
