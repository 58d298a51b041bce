namespace MyBot.Channels.Access;

/// <summary>
/// Decides, before anything is published, whether a chat user may reach the agent. A user who may not never costs an
/// LLM call or a history entry: the channel answers with <see cref="AccessDecision.Reply"/> and publishes nothing.
/// </summary>
public sealed class ChannelAccessGate(PairingStore pairing)
{
    /// <param name="userNames">Other names the platform knows the user by (a Telegram @username), matched against the allowlist too.</param>
    public async Task<AccessDecision> CheckAsync(
        AccessSettings settings,
        EventSource source,
        string? displayName,
        IReadOnlyCollection<string> userNames,
        CancellationToken cancellationToken)
    {
        if (settings.Policy == AccessPolicy.Open || IsListed(settings, source.UserId, userNames))
        {
            return AccessDecision.Allowed;
        }

        if (settings.Policy == AccessPolicy.Allowlist)
        {
            return AccessDecision.Denied;
        }

        if (await pairing.IsApprovedAsync(source.Platform, source.UserId, cancellationToken))
        {
            return AccessDecision.Allowed;
        }

        var request = await pairing.GetOrCreateCodeAsync(source.Platform, source.UserId, displayName, cancellationToken);
        return new AccessDecision(AccessOutcome.PairingRequired, request);
    }

    private static bool IsListed(AccessSettings settings, string userId, IReadOnlyCollection<string> userNames) =>
        settings.AllowedUsers.Any(allowed =>
            string.Equals(allowed.Trim(), userId, StringComparison.Ordinal)
            || userNames.Any(name => string.Equals(allowed.Trim().TrimStart('@'), name.TrimStart('@'), StringComparison.OrdinalIgnoreCase)));
}
