using System.Globalization;
using System.Net;
using Telegram.Bot.Exceptions;

namespace MyBot.Channels.Telegram.Api;

/// <summary>
/// Reads Telegram.Bot's exceptions: <see cref="ApiRequestException"/> is the Bot API's own error answer (its
/// <c>error_code</c>, description and parameters); any other <see cref="RequestException"/> is a call that got no such
/// answer (network, timeout, a proxy's HTML page), with the HTTP status when there was a response.
/// </summary>
public static class TelegramErrors
{
    /// <summary>The wait Telegram asks for after a 429 when it gives none.</summary>
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    public static TelegramErrorKind Kind(this RequestException exception)
    {
        var api = exception as ApiRequestException;
        return (api?.ErrorCode ?? (int?)exception.HttpStatusCode) switch
        {
            429 => TelegramErrorKind.RateLimited,
            >= 500 or null => TelegramErrorKind.Transient,
            (int)HttpStatusCode.Unauthorized => TelegramErrorKind.Unauthorized,
            (int)HttpStatusCode.Forbidden => TelegramErrorKind.Forbidden,
            (int)HttpStatusCode.Conflict => TelegramErrorKind.Conflict,

            // A 4xx without the Bot API's answer (an HTML error page, an empty body) says nothing about the request itself.
            _ when api is null => TelegramErrorKind.Transient,
            _ when api.Message.Contains("can't parse entities", StringComparison.OrdinalIgnoreCase) => TelegramErrorKind.CantParseEntities,
            _ when api.Message.Contains("chat not found", StringComparison.OrdinalIgnoreCase) => TelegramErrorKind.ChatNotFound,
            _ => TelegramErrorKind.BadRequest,
        };
    }

    /// <summary>How long Telegram asked to wait; null unless the call was rate limited.</summary>
    public static TimeSpan? RetryAfter(this RequestException exception) =>
        exception.Kind() != TelegramErrorKind.RateLimited ? null
        : exception is ApiRequestException { Parameters.RetryAfter: { } seconds } ? TimeSpan.FromSeconds(seconds)
        : DefaultRetryAfter;

    /// <summary>For logs and failure records: the method, the code and Telegram's description (no URL, so never the token).</summary>
    public static string Describe(this RequestException exception, string method) =>
        exception is ApiRequestException api
            ? $"Telegram {method} failed ({api.ErrorCode.ToString(CultureInfo.InvariantCulture)}): {api.Message}"
            : $"Telegram {method} failed (no Bot API answer): {exception.Message}";
}
