using System.ComponentModel.DataAnnotations;

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

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BotToken);
}
