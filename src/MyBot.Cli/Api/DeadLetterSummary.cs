namespace MyBot.Cli;

public sealed record DeadLetterSummary(string Id, string Origin, string Key, string Error, int Attempts, DateTimeOffset FailedAt, int PayloadLength);
