namespace MyBot.Cli;

public sealed record LlmCallTrace(string Model, DateTimeOffset StartedAt, TimeSpan Duration, long InputTokens, long OutputTokens);
