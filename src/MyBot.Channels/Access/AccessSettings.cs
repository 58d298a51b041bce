namespace MyBot.Channels.Access;

/// <summary>One channel's access policy, from its own options (e.g. <c>MyBot:Telegram:AccessPolicy</c> and <c>AllowedUsers</c>).</summary>
/// <param name="AllowedUsers">Platform user ids (and, where the platform has them, user names) let in under every policy.</param>
public sealed record AccessSettings(AccessPolicy Policy, IReadOnlyCollection<string> AllowedUsers);
