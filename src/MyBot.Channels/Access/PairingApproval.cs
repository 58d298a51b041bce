namespace MyBot.Channels.Access;

/// <summary>The body of <c>POST /api/admin/pairing/approve</c>.</summary>
public sealed record PairingApproval(string? Code);
