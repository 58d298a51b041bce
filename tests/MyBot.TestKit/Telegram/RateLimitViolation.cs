namespace MyBot.TestKit.Telegram;

/// <summary>A request for a chat that came before the <c>retry_after</c> the fake had given for it: a client bug.</summary>
public sealed record RateLimitViolation(long ChatId, DateTimeOffset At, DateTimeOffset AllowedFrom);
