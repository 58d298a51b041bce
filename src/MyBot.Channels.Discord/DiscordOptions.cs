using System.ComponentModel.DataAnnotations;
using MyBot.Channels.Access;

namespace MyBot.Channels.Discord;

/// <summary>Bound from <c>MyBot:Discord</c>. Without a bot token the channel stays off.</summary>
public sealed class DiscordOptions
{
    public const string SectionName = "MyBot:Discord";

    public const string BotTokenKey = SectionName + ":BotToken";

    public string? BotToken { get; set; }

    /// <summary>The REST base; the gateway URL comes from <c>GET /gateway/bot</c> on it, so a test server can point both at itself.</summary>
    [Required]
    [Url]
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary>Replies wait inline for a rate limit this short; a longer one goes back to the delivery as throttled.</summary>
    public TimeSpan MaxInlineRateLimitWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Who may talk to the bot: <c>Pairing</c> (default), <c>Allowlist</c> or <c>Open</c>.</summary>
    public AccessPolicy AccessPolicy { get; set; } = AccessPolicy.Pairing;

    /// <summary>Discord user ids or user names let in under every policy: a list, and any entry may list several, comma separated.</summary>
    public IList<string> AllowedUsers { get; set; } = [];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BotToken);

    public AccessSettings Access => new(
        AccessPolicy,
        AllowedUsersSetting.Split(AllowedUsers));
}
