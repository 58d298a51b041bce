namespace MyBot.Api.Contracts.Pairing;

/// <summary>A pairing code given to someone the bot does not know yet, waiting for the owner to approve or deny it.</summary>
public sealed record PendingPairing(string Code, string Platform, string UserId, string? DisplayName, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
