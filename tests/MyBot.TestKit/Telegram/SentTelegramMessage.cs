namespace MyBot.TestKit.Telegram;

/// <param name="Text">As sent (HTML when <paramref name="ParseMode"/> is HTML).</param>
/// <param name="VisibleText">What the user sees after Telegram parsed the markup.</param>
public sealed record SentTelegramMessage(long MessageId, long ChatId, string Text, string VisibleText, string? ParseMode, long? ReplyToMessageId, DateTimeOffset SentAt);
