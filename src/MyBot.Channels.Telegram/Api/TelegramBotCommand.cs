namespace MyBot.Channels.Telegram.Api;

public sealed record TelegramBotCommand(string Command, string Description);
