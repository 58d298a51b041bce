namespace MyBot.Cli;

public sealed record AcceptedMessage(string Source, string EventId);
