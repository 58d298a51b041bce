namespace MyBot.Channels.Telegram.Api;

public sealed record TelegramUpdate(long UpdateId, TelegramMessage? Message = null, TelegramMessage? EditedMessage = null);
