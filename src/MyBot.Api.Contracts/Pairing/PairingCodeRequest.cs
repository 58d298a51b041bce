namespace MyBot.Api.Contracts.Pairing;

/// <summary>The body of <c>POST /api/admin/pairing/approve</c> and <c>/deny</c>.</summary>
/// <param name="Identity">On approval: a configured identity (<c>MyBot:Identities</c>) the approved account becomes one more account of.</param>
public sealed record PairingCodeRequest(string? Code, string? Identity = null);
