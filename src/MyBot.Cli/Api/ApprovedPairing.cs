namespace MyBot.Cli;

public sealed record ApprovedPairing(string Platform, string UserId, string? DisplayName, DateTimeOffset ApprovedAt);
