namespace MyBot.TestKit.Telegram;

/// <summary>One Bot API call the fake received, and the status it answered (0 when it dropped or held the connection).</summary>
/// <param name="TraceParent">The W3C <c>traceparent</c> header the call carried, if any.</param>
public sealed record TelegramRequestRecord(string Method, long? ChatId, int Status, DateTimeOffset At, string? TraceParent = null);
