namespace MyBot.Channels.Telegram.Api;

/// <summary>A Bot API call failed; <see cref="Kind"/> says whether to wait, retry, fall back or give up.</summary>
/// <remarks>The message carries Telegram's description and the method, never the token (which is in the URL).</remarks>
public sealed class TelegramApiException(string method, TelegramErrorKind kind, int? errorCode, string description, TimeSpan? retryAfter = null, Exception? innerException = null)
    : Exception($"Telegram {method} failed ({(errorCode is { } code ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")}): {description}", innerException)
{
    public string Method { get; } = method;

    public TelegramErrorKind Kind { get; } = kind;

    public int? ErrorCode { get; } = errorCode;

    public string Description { get; } = description;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
