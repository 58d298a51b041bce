namespace MyBot.Channels.Discord.Tests;

public sealed class DiscordMarkdownTests
{
    [Fact]
    public void ShortText_IsOneChunk()
    {
        Assert.Equal(["hello **world**"], DiscordMarkdown.Format("hello **world**", 2000));
    }

    [Fact]
    public void LongProse_SplitsAtLineBreaksWithinTheLimit()
    {
        var paragraphs = Enumerable.Range(0, 60).Select(i => $"Paragraph {i}: " + new string('x', 80)).ToArray();

        var chunks = DiscordMarkdown.Format(string.Join("\n", paragraphs), 2000);

        Assert.All(chunks, c => Assert.InRange(c.Length, 1, 2000));
        Assert.Equal(paragraphs, chunks.SelectMany(c => c.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void CodeFenceAcrossChunks_IsClosedAndReopenedWithItsLanguage()
    {
        var code = string.Join("\n", Enumerable.Range(0, 400).Select(i => $"var line{i} = {i};"));
        var text = $"Here:\n```csharp\n{code}\n```\nDone.";

        var chunks = DiscordMarkdown.Format(text, 2000);

        Assert.True(chunks.Count >= 3);
        Assert.All(chunks, c => Assert.InRange(c.Length, 1, 2000));
        Assert.All(chunks, c => Assert.True(CountFences(c) % 2 == 0, $"unbalanced fences in: {c[..40]}"));
        Assert.All(chunks.Skip(1).SkipLast(1), c => Assert.StartsWith("```csharp\n", c, StringComparison.Ordinal));
        Assert.EndsWith("Done.", chunks[^1], StringComparison.Ordinal);
        var codeLines = chunks.SelectMany(c => c.Split('\n')).Where(l => l.StartsWith("var ", StringComparison.Ordinal));
        Assert.Equal(code.Split('\n'), codeLines);
    }

    [Fact]
    public void LineLongerThanTheLimit_IsCutAtSpaces()
    {
        var words = string.Join(" ", Enumerable.Range(0, 1000).Select(i => $"w{i}"));

        var chunks = DiscordMarkdown.Format(words, 2000);

        Assert.All(chunks, c => Assert.InRange(c.Length, 1, 2000));
        Assert.Equal(words.Split(' '), chunks.SelectMany(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void SurrogatePairs_AreNeverCut()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 1500));

        var chunks = DiscordMarkdown.Format(text, 2000);

        Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c[^1]) || char.IsLowSurrogate(c[0])));
        Assert.Equal(text, string.Concat(chunks));
    }

    [Fact]
    public void DeepHeadings_BecomeBold_ButNotInsideCode()
    {
        var formatted = Assert.Single(DiscordMarkdown.Format("## Title\n#### Detail\n```\n#### kept\n```", 2000));

        Assert.Equal("## Title\n**Detail**\n```\n#### kept\n```", formatted);
    }

    private static int CountFences(string chunk) => chunk.Split('\n').Count(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
}
