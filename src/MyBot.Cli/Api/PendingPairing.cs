namespace MyBot.Cli;

public sealed record PendingPairing(string Code, string Platform, string UserId, string? DisplayName, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
