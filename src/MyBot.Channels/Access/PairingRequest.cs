namespace MyBot.Channels.Access;

/// <summary>A pending pairing: a one-time code given to an unknown user, waiting for the owner.</summary>
public sealed record PairingRequest(
    string Code,
    string Platform,
    string UserId,
    string? DisplayName,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);
