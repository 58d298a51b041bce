namespace MyBot.Cli;

public sealed record DeadLetterDetail(string Id, string Origin, string Key, string Payload, string Error, int Attempts, DateTimeOffset FailedAt);
