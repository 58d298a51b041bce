namespace MyBot.Channels.Access;

/// <summary>The body of <c>POST /api/admin/pairing/approve</c>.</summary>
/// <param name="Identity">A configured identity (<c>MyBot:Identities</c>) the approved account becomes one more account of.</param>
public sealed record PairingApproval(string? Code, string? Identity = null);
