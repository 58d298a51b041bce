namespace MyBot.TestKit.Telegram;

/// <summary>What the fake does to the next matching request instead of answering normally.</summary>
public enum TelegramFault
{
    /// <summary>429 with <c>parameters.retry_after</c>.</summary>
    TooManyRequests,

    /// <summary>500 Internal Server Error.</summary>
    ServerError,

    /// <summary>403 "Forbidden: bot was blocked by the user".</summary>
    Forbidden,

    /// <summary>400 "Bad Request: can't parse entities: ...".</summary>
    CantParseEntities,

    /// <summary>400 "Bad Request: chat not found".</summary>
    ChatNotFound,

    /// <summary>The connection is closed without an answer.</summary>
    DropConnection,

    /// <summary>No answer until the client gives up (or the server stops).</summary>
    Hang,
}
