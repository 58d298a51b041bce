using MyBot.Channels.Formatting;

namespace MyBot.Channels.Tests.Formatting;

public sealed class FencedTextSplitterTests
{
    [Fact]
    public void Text_that_fits_is_unchanged()
    {
        const string text = "Intro\n```cs\nvar x = 1;\n```\nAfter";

        Assert.Equal([text], FencedTextSplitter.Split(text, 2000));
    }

    [Fact]
    public void A_code_block_cut_by_a_split_is_closed_and_reopened_with_its_language()
    {
        var code = string.Join("\n", Enumerable.Range(1, 40).Select(i => $"    Console.WriteLine({i});"));
        var text = $"Here is code:\n```csharp\n{code}\n```\nDone.";

        var chunks = FencedTextSplitter.Split(text, 300);

        Assert.True(chunks.Count > 2);
        Assert.All(chunks, c => Assert.True(c.Length <= 300));
        Assert.All(chunks, c => Assert.Equal(0, CountFences(c) % 2));
        Assert.All(chunks.Skip(1).SkipLast(1), c => Assert.StartsWith("```csharp\n    Console", c));
        Assert.All(chunks.SkipLast(1), c => Assert.EndsWith("\n```", c));
        Assert.EndsWith("```\nDone.", chunks[^1]);
    }

    [Fact]
    public void An_unclosed_fence_is_closed()
    {
        Assert.Equal(["```\ncode\n```"], FencedTextSplitter.Split("```\ncode", 2000));
    }

    private static int CountFences(string chunk) => chunk.Split('\n').Count(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
}
