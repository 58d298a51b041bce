namespace MyBot.Api.Contracts.Pairing;

/// <summary>
/// A channel's access policy and the users its configuration lets in (<c>MyBot:&lt;Channel&gt;:AllowedUsers</c>): changed in
/// the configuration, not through the API.
/// </summary>
/// <param name="Policy"><c>pairing</c>, <c>allowlist</c> or <c>open</c>.</param>
public sealed record ConfiguredUsers(string Platform, string Policy, IReadOnlyList<string> AllowedUsers);
