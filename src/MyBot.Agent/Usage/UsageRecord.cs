namespace MyBot.Agent.Usage;

/// <summary>The tokens of one LLM call (or one scheduled message), as the usage grain counts them.</summary>
/// <param name="Id">Names the call, not the turn: the grain counts a record id once, so a retried write is harmless.</param>
public sealed record UsageRecord(string Id, string Model, long InputTokens, long OutputTokens);
