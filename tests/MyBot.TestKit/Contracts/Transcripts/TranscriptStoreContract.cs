using MyBot.Agent.History;
using Xunit;

namespace MyBot.TestKit.Contracts.Transcripts;

/// <summary>
/// What the agent needs from an <see cref="ITranscriptStore"/>: entries read back per session in the order appended,
/// from any store over the same storage, every one of several appends at once kept, sessions listed in id order, and an
/// empty append or an unknown session leaving nothing. Each store's tests derive from this.
/// </summary>
public abstract class TranscriptStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A store on this test's storage; each call is a new instance over the same stored transcripts.</summary>
    protected abstract ITranscriptStore NewStore();

    [Fact]
    public async Task Appends_read_back_per_session_in_order_from_another_store()
    {
        var store = NewStore();
        await store.AppendAsync("telegram:1:2", "s1", [new TranscriptEntry(Now, "user", "hi", "in-1")], default);
        await store.AppendAsync("telegram:1:2", "s1", [new TranscriptEntry(Now, "assistant", "hello\nthere"), new TranscriptEntry(Now, "tool", "{}", Tool: "current_time")], default);
        await store.AppendAsync("telegram:1:2", "2026/s2", [new TranscriptEntry(Now, "user", "new session")], default);

        var elsewhere = NewStore();
        var first = await elsewhere.ReadAsync("telegram:1:2", "s1", default);

        Assert.Equal(["hi", "hello\nthere", "{}"], first.Select(e => e.Text));
        Assert.Equal("in-1", first[0].InboundId);
        Assert.Equal("current_time", first[2].Tool);
        Assert.Equal(["new session"], (await elsewhere.ReadAsync("telegram:1:2", "2026/s2", default)).Select(e => e.Text));
        Assert.Equal(["2026/s2", "s1"], await elsewhere.ListSessionsAsync("telegram:1:2", default));
    }

    [Fact]
    public async Task Appends_at_once_to_one_session_are_all_kept_each_turn_whole()
    {
        var store = NewStore();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => store.AppendAsync(
            "http:me",
            "s1",
            [new TranscriptEntry(Now, "user", $"question {i}"), new TranscriptEntry(Now, "assistant", $"answer {i}")],
            default))));

        var entries = await NewStore().ReadAsync("http:me", "s1", default);
        Assert.Equal(40, entries.Count);
        for (var turn = 0; turn < entries.Count; turn += 2)
        {
            Assert.Equal(entries[turn].Text.Replace("question", "answer", StringComparison.Ordinal), entries[turn + 1].Text);
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"question {i}").Order(StringComparer.Ordinal), entries.Where(e => e.Role == "user").Select(e => e.Text).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_empty_append_and_an_unknown_session_leave_nothing()
    {
        var store = NewStore();
        await store.AppendAsync("cli:me", "s1", [], default);

        Assert.Empty(await store.ReadAsync("cli:me", "s1", default));
        Assert.Empty(await store.ListSessionsAsync("cli:me", default));
        Assert.Empty(await store.ReadAsync("other:1", "s1", default));
    }
}
