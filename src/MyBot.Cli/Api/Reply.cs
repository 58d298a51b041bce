namespace MyBot.Cli;

public sealed record Reply(long Seq, string Id, string Text, DateTimeOffset At);
