namespace MyBot.Agent.Commands;

/// <param name="Messages">Messages in the current conversation, including those folded into the summary.</param>
/// <param name="ContextTokens">Estimated tokens the next request would carry (system prompt, summary, recent messages).</param>
/// <param name="SessionTokens">Tokens the LLM reported for this conversation so far.</param>
public sealed record SessionStatus(
    string Agent,
    string Model,
    int Messages,
    bool HasSummary,
    int ContextTokens,
    int ContextBudget,
    long SessionTokens,
    DateTimeOffset StartedAt);
