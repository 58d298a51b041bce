namespace MyBot.Channels.Telegram;

public enum TelegramMode
{
    /// <summary>getUpdates long polling: works behind NAT, the default for the localhost silo.</summary>
    Polling,

    /// <summary>Telegram calls the server's webhook endpoint; needs a public HTTPS <see cref="TelegramOptions.WebhookUrl"/>.</summary>
    Webhook,
}
