namespace MyBot.Api.Contracts.Pairing;

/// <summary>The body of <c>POST /api/admin/pairing/approve</c> and <c>/deny</c>.</summary>
public sealed record PairingCodeRequest(string? Code);
