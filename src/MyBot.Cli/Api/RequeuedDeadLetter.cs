namespace MyBot.Cli;

public sealed record RequeuedDeadLetter(string Id, string Origin, string Key, string RequeuedTo);
