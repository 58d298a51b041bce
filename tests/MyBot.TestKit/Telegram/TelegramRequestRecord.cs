namespace MyBot.TestKit.Telegram;

/// <summary>One Bot API call the fake received, and the status it answered (0 when it dropped or held the connection).</summary>
public sealed record TelegramRequestRecord(string Method, long? ChatId, int Status, DateTimeOffset At);
