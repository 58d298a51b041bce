namespace MyBot.Channels.Access;

/// <summary>What <c>mybot pairing list</c> shows: codes still waiting (unexpired) and users already approved.</summary>
public sealed record PairingList(IReadOnlyList<PairingRequest> Pending, IReadOnlyList<ApprovedUser> Approved);
