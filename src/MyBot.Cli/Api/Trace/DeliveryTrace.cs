namespace MyBot.Cli;

public sealed record DeliveryTrace(
    string OutboundId,
    DateTimeOffset EnqueuedAt,
    int? Chunks,
    IReadOnlyList<SendAttemptTrace> Sends,
    int SendCount,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? DeadLetteredAt);
