namespace MyBot.Channels.Telegram.Api;

public sealed record TelegramResponseParameters(int? RetryAfter = null, long? MigrateToChatId = null);
