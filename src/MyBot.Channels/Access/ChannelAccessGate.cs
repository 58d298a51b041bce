using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Grains;

namespace MyBot.Channels.Access;

/// <summary>
/// Decides, before anything is published, whether a chat user may reach the agent. A user who may not never costs an
/// LLM call or a history entry: the channel answers with <see cref="AccessDecision.Reply"/> and publishes nothing.
/// </summary>
public sealed partial class ChannelAccessGate(IGrainFactory grains, IOptions<PairingOptions> options, ILogger<ChannelAccessGate> logger)
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

        var pairing = grains.GetGrain<IPairingGrain>(IPairingGrain.Key);
        if (await pairing.IsApprovedAsync(source.Platform, source.UserId).WaitAsync(cancellationToken))
        {
            return AccessDecision.Allowed;
        }

        var request = await pairing.GetOrCreateCodeAsync(source.Platform, source.UserId, displayName, options.Value.CodeLifetime).WaitAsync(cancellationToken);
        Log.PairingRequired(logger, source.Platform, source.UserId);
        return new AccessDecision(AccessOutcome.PairingRequired, request);
    }

    private static bool IsListed(AccessSettings settings, string userId, IReadOnlyCollection<string> userNames) =>
        settings.AllowedUsers.Any(allowed =>
            string.Equals(allowed.Trim(), userId, StringComparison.Ordinal)
            || userNames.Any(name => string.Equals(allowed.Trim().TrimStart('@'), name.TrimStart('@'), StringComparison.OrdinalIgnoreCase)));

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Platform} user {UserId} is not paired yet; they were given a pairing code")]
        public static partial void PairingRequired(ILogger logger, string platform, string userId);
    }
}
