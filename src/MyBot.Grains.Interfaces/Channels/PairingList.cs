namespace MyBot.Grains;

/// <summary>What <c>mybot pairing list</c> shows: codes still waiting (unexpired) and users already approved.</summary>
[GenerateSerializer]
[Immutable]
[Alias("mybot.pairing-list")]
public sealed record PairingList(
    [property: Id(0)] IReadOnlyList<PairingRequest> Pending,
    [property: Id(1)] IReadOnlyList<ApprovedUser> Approved);
