using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace MyBot.Agent.History;

/// <summary>
/// Keeps a conversation under its token budget: when the next request would pass it, the oldest messages are
/// summarised by the LLM, and the summary replaces them.
/// </summary>
public sealed class HistoryCompactor(IOptions<HistoryOptions> options)
{
    private const string Instructions =
        """
        You maintain the running summary of a conversation between a user and an assistant.
        Merge the previous summary and the new messages into one concise summary that keeps facts, names, numbers,
        decisions, the user's preferences and open questions. Write plain prose or short bullet points, at most about
        {0} words. Reply with the summary only.
        """;

    public HistoryOptions Options => options.Value;

    /// <summary>Estimated tokens of the next request: <paramref name="fixedTokens"/> (system prompt, new message) plus the recent window.</summary>
    public static int ContextTokens(ConversationHistory history, int fixedTokens) => fixedTokens + TokenEstimator.Estimate(history.Recent);

    public bool NeedsCompaction(ConversationHistory history, int fixedTokens, int budget) =>
        history.Recent.Count > Options.MaxRecentMessages || ContextTokens(history, fixedTokens) > budget;

    /// <summary>Adds a message to the window, cut to the configured length (the transcript has it whole).</summary>
    public void Append(ConversationHistory history, HistoryMessage message)
    {
        var max = Options.MaxMessageChars;
        history.Recent.Add(message.Text.Length > max ? message with { Text = string.Concat(message.Text.AsSpan(0, max), " […]") } : message);
        history.MessageCount++;
    }

    /// <summary>
    /// Summarises the oldest messages until the rest fits in half the budget (so compaction is not needed again on the
    /// next turn), keeping at least <see cref="HistoryOptions.KeepRecentMessages"/>. <paramref name="force"/> (the
    /// <c>/compact</c> command) folds everything but those.
    /// </summary>
    public async Task<CompactionResult> CompactAsync(IChatClient client, ChatOptions requestOptions, ConversationHistory history, int fixedTokens, int budget, bool force, CancellationToken cancellationToken)
    {
        var fold = CountToFold(history, fixedTokens, budget, force);
        if (fold == 0)
        {
            return new CompactionResult(0, history.Summary, new UsageDetails());
        }

        var folded = history.Recent.Take(fold).ToList();
        var maxWords = Math.Max(50, Options.MaxSummaryChars / 8);
        var request = new StringBuilder();
        request.Append("Previous summary:\n").Append(string.IsNullOrWhiteSpace(history.Summary) ? "(none)" : history.Summary).Append("\n\nNew messages:\n");
        foreach (var message in folded)
        {
            request.Append(message.Role == HistoryMessage.User ? "User: " : "Assistant: ").Append(message.Text).Append('\n');
        }

        var summaryOptions = requestOptions.Clone();
        summaryOptions.Tools = null;
        summaryOptions.MaxOutputTokens = Math.Max(64, Options.MaxSummaryChars / 4);
        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, string.Format(System.Globalization.CultureInfo.InvariantCulture, Instructions, maxWords)), new ChatMessage(ChatRole.User, request.ToString())],
            summaryOptions,
            cancellationToken);

        var summary = response.Text.Trim();
        if (summary.Length > Options.MaxSummaryChars)
        {
            summary = string.Concat(summary.AsSpan(0, Options.MaxSummaryChars), " […]");
        }

        history.Summary = summary;
        history.Recent.RemoveRange(0, fold);
        return new CompactionResult(fold, summary, response.Usage ?? new UsageDetails());
    }

    private int CountToFold(ConversationHistory history, int fixedTokens, int budget, bool force)
    {
        var recent = history.Recent;
        var keep = Math.Min(Options.KeepRecentMessages, recent.Count);
        var maxFold = recent.Count - keep;
        if (maxFold <= 0)
        {
            return 0;
        }

        var fold = 0;
        if (force)
        {
            fold = maxFold;
        }
        else
        {
            var target = budget / 2;
            var tokens = ContextTokens(history, fixedTokens);
            while (fold < maxFold && (tokens > target || recent.Count - fold > Options.MaxRecentMessages / 2))
            {
                tokens -= TokenEstimator.Estimate(recent[fold].Text);
                fold++;
            }
        }

        // Start the kept window at a user message, so it never opens with an answer to a question it does not show.
        while (fold < maxFold && recent[fold].Role != HistoryMessage.User)
        {
            fold++;
        }

        return fold;
    }
}
