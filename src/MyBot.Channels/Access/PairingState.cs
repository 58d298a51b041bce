namespace MyBot.Channels.Access;

/// <summary>The stored pairing record: one for the whole deployment, so a code is approved without naming its channel.</summary>
internal sealed record PairingState(List<PairingRequest> Pending, List<ApprovedUser> Approved)
{
    public static PairingState Empty => new([], []);
}
