namespace MyBot.Channels.Access;

/// <summary>The stored state of <see cref="PairingGrain"/>: codes waiting for the owner (expired ones pruned on the next change) and approved users.</summary>
[GenerateSerializer]
[Alias("mybot.pairing-state")]
internal sealed class PairingState
{
    [Id(0)]
    public List<PairingRequest> Pending { get; set; } = [];

    [Id(1)]
    public List<ApprovedUser> Approved { get; set; } = [];
}
