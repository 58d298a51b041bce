namespace MyBot.Channels.Telegram.Api;

public sealed record TelegramUser(long Id, bool IsBot, string FirstName, string? LastName = null, string? Username = null);
