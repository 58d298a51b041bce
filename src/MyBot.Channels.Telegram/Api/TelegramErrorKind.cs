namespace MyBot.Channels.Telegram.Api;

/// <summary>What a failed Bot API call means for the channel: wait, retry, fall back or give up.</summary>
public enum TelegramErrorKind
{
    /// <summary>429: wait the retry_after.</summary>
    RateLimited,

    /// <summary>5xx, an answer that is not the Bot API's, or no answer at all (connection refused or dropped, timeout): try again later.</summary>
    Transient,

    /// <summary>401: the token was rejected.</summary>
    Unauthorized,

    /// <summary>403: the bot was blocked by the user or removed from the chat.</summary>
    Forbidden,

    /// <summary>400 "chat not found".</summary>
    ChatNotFound,

    /// <summary>400 "can't parse entities": the markup was rejected; plain text goes through.</summary>
    CantParseEntities,

    /// <summary>409: another getUpdates poller runs with this token, or a webhook is set.</summary>
    Conflict,

    /// <summary>Any other 4xx from the Bot API: the request itself is wrong and will stay wrong.</summary>
    BadRequest,
}
