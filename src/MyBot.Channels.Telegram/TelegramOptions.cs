using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using MyBot.Channels.Access;

namespace MyBot.Channels.Telegram;

/// <summary>Bound from <c>MyBot:Telegram</c>. Without a bot token the channel is off.</summary>
public sealed partial class TelegramOptions : IValidatableObject
{
    public const string SectionName = "MyBot:Telegram";

    /// <summary>From @BotFather. A secret: never logged.</summary>
    public string? BotToken { get; set; }

    /// <summary>Another Bot API server (a local one, or the tests' fake): scheme, host and port only.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://api.telegram.org");

    public TelegramMode Mode { get; set; } = TelegramMode.Polling;

    /// <summary>The server's public base URL; the webhook is registered at <c>{WebhookUrl}/api/telegram/webhook</c>.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Sent back by Telegram in <c>X-Telegram-Bot-Api-Secret-Token</c>: 1-256 of A-Z, a-z, 0-9, _ and -.</summary>
    [RegularExpression("^[A-Za-z0-9_-]{1,256}$")]
    public string? WebhookSecret { get; set; }

    /// <summary>Who may talk to the bot: <c>Pairing</c> (default), <c>Allowlist</c> or <c>Open</c>.</summary>
    public AccessPolicy AccessPolicy { get; set; } = AccessPolicy.Pairing;

    /// <summary>Telegram user ids or @usernames let in under every policy: a list, and any entry may list several, comma separated.</summary>
    public IList<string> AllowedUsers { get; set; } = [];

    /// <summary>How long a Bot API call may take; a long poll may take <see cref="PollTimeout"/> plus half of it, then it counts as stalled.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>getUpdates long-poll timeout (Telegram holds the request this long when there is nothing new).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:40")]
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(50);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(BotToken);

    public AccessSettings Access => new(
        AccessPolicy,
        AllowedUsersSetting.Split(AllowedUsers));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Checked here so a mistyped token stops the start naming the setting, not the first Bot API call (the message never shows the token).
        if (IsEnabled && !BotTokenShape().IsMatch(BotToken!))
        {
            yield return new ValidationResult(
                "MyBot:Telegram:BotToken does not look like a token from @BotFather (the bot's numeric id, a colon, then the secret).",
                [nameof(BotToken)]);
        }

        if (IsEnabled && Mode == TelegramMode.Webhook && (WebhookUrl is null || string.IsNullOrEmpty(WebhookSecret)))
        {
            yield return new ValidationResult(
                "MyBot:Telegram:Mode is Webhook: set MyBot:Telegram:WebhookUrl (the server's public base URL) and MyBot:Telegram:WebhookSecret.",
                [nameof(WebhookUrl), nameof(WebhookSecret)]);
        }

        // Telegram.Bot keeps only the scheme and the host of its base URL: a path would be dropped without a word.
        if (ApiBaseUrl is { } apiBaseUrl && (!apiBaseUrl.IsAbsoluteUri || apiBaseUrl.AbsolutePath != "/"))
        {
            yield return new ValidationResult("MyBot:Telegram:ApiBaseUrl must be an absolute URL without a path, like https://api.telegram.org.", [nameof(ApiBaseUrl)]);
        }

        if (WebhookUrl is { IsAbsoluteUri: false })
        {
            yield return new ValidationResult("MyBot:Telegram:WebhookUrl must be an absolute URL.", [nameof(WebhookUrl)]);
        }
    }

    [GeneratedRegex(@"^[0-9]{1,16}:\S+$")]
    private static partial Regex BotTokenShape();
}
