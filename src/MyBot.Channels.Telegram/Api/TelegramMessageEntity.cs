namespace MyBot.Channels.Telegram.Api;

/// <param name="Offset">In UTF-16 code units, as Telegram counts.</param>
public sealed record TelegramMessageEntity(string Type, int Offset, int Length, TelegramUser? User = null);
