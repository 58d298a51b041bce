namespace MyBot.Cli;

public sealed record SendAttemptTrace(DateTimeOffset At, int Chunk, string Outcome, TimeSpan Duration, string? Error);
