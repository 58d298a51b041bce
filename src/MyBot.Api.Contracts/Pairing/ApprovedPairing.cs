namespace MyBot.Api.Contracts.Pairing;

/// <summary>A user the owner let in by approving their pairing code.</summary>
public sealed record ApprovedPairing(string Platform, string UserId, string? DisplayName, DateTimeOffset ApprovedAt);
