namespace MyBot.Grains;

/// <summary>A pending pairing: a one-time code given to an unknown user, waiting for the owner.</summary>
[GenerateSerializer]
[Immutable]
[Alias("mybot.pairing-request")]
public sealed record PairingRequest(
    [property: Id(0)] string Code,
    [property: Id(1)] string Platform,
    [property: Id(2)] string UserId,
    [property: Id(3)] string? DisplayName,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset ExpiresAt);
