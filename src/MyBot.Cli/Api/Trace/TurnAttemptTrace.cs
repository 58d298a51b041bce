namespace MyBot.Cli;

public sealed record TurnAttemptTrace(
    int Attempt,
    string? Silo,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? Outcome,
    string? Error,
    IReadOnlyList<LlmCallTrace> LlmCalls);
