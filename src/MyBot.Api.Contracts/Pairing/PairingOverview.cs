namespace MyBot.Api.Contracts.Pairing;

/// <summary>
/// <c>GET /api/admin/pairing</c>: codes waiting for the owner, users approved by pairing, and each chat channel's
/// policy with the users its configuration allows.
/// </summary>
public sealed record PairingOverview(IReadOnlyList<PendingPairing> Pending, IReadOnlyList<ApprovedPairing> Approved, IReadOnlyList<ConfiguredUsers> Configured);
