namespace MyBot.Cli;

public sealed record SessionTrace(
    DateTimeOffset ReceivedAt,
    DateTimeOffset AcceptedAt,
    string? TraceId,
    IReadOnlyList<TurnAttemptTrace> Turns,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? DeadLetteredAt);
