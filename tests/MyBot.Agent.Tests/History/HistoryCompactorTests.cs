using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using MyBot.Agent.History;
using MyBot.TestKit.Llm;

namespace MyBot.Agent.Tests.History;

public sealed class HistoryCompactorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly HistoryCompactor _compactor = new(Options.Create(new HistoryOptions { ContextTokens = 1000, KeepRecentMessages = 4, MaxRecentMessages = 40 }));

    [Fact]
    public async Task Folds_the_oldest_turns_into_the_summary_until_half_the_budget()
    {
        var history = HistoryWith(turns: 20, chars: 200);
        Assert.True(_compactor.NeedsCompaction(history, fixedTokens: 100, budget: 1000));
        var client = new ScriptedChatClient().Reply("They talked about numbers 0 to 12.");

        var result = await _compactor.CompactAsync(client, new ChatOptions(), history, 100, 1000, force: false, default);

        Assert.True(result.FoldedMessages > 0);
        Assert.Equal("They talked about numbers 0 to 12.", history.Summary);
        Assert.True(HistoryCompactor.ContextTokens(history, 100) <= 500);
        Assert.Equal(HistoryMessage.User, history.Recent[0].Role);
        Assert.Equal(40, history.MessageCount);
        var request = client.Requests.Single().Messages[1].Text;
        Assert.Contains("User: message 0", request, StringComparison.Ordinal);
        Assert.DoesNotContain("message 39", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_previous_summary_is_merged_into_the_new_one()
    {
        var history = HistoryWith(turns: 20, chars: 200);
        history.Summary = "Earlier: the user likes tea.";
        var client = new ScriptedChatClient().Reply("merged");

        await _compactor.CompactAsync(client, new ChatOptions(), history, 100, 1000, force: false, default);

        Assert.Contains("Earlier: the user likes tea.", client.Requests.Single().Messages[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forced_compaction_keeps_only_the_latest_messages()
    {
        var history = HistoryWith(turns: 5, chars: 10);
        var client = new ScriptedChatClient().Reply("short");

        var result = await _compactor.CompactAsync(client, new ChatOptions(), history, 100, 1000, force: true, default);

        Assert.Equal(6, result.FoldedMessages);
        Assert.Equal(4, history.Recent.Count);
    }

    [Fact]
    public async Task Nothing_to_fold_makes_no_llm_call()
    {
        var history = HistoryWith(turns: 2, chars: 10);
        var client = new ScriptedChatClient();

        var result = await _compactor.CompactAsync(client, new ChatOptions(), history, 100, 1000, force: true, default);

        Assert.Equal(0, result.FoldedMessages);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public void Long_messages_are_cut_in_the_window()
    {
        var compactor = new HistoryCompactor(Options.Create(new HistoryOptions { MaxMessageChars = 200 }));
        var history = new ConversationHistory();

        compactor.Append(history, new HistoryMessage(HistoryMessage.User, new string('x', 5000), Now));

        Assert.True(history.Recent[0].Text.Length < 210);
    }

    private ConversationHistory HistoryWith(int turns, int chars)
    {
        var history = ConversationHistory.Start(Now);
        for (var i = 0; i < turns * 2; i++)
        {
            var text = $"message {i} " + new string('x', chars);
            _compactor.Append(history, new HistoryMessage(i % 2 == 0 ? HistoryMessage.User : HistoryMessage.Assistant, text, Now));
        }

        return history;
    }
}
