namespace MyBot.Cli;

public sealed record PairingOverview(IReadOnlyList<PendingPairing> Pending, IReadOnlyList<ApprovedPairing> Approved);
