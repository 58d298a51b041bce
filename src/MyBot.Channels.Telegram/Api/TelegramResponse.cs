namespace MyBot.Channels.Telegram.Api;

/// <summary>Every Bot API answer: <c>ok</c> with a <c>result</c>, or an <c>error_code</c> with a description.</summary>
public sealed record TelegramResponse<T>(bool Ok, T? Result = default, int? ErrorCode = null, string? Description = null, TelegramResponseParameters? Parameters = null);
