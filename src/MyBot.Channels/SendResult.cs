namespace MyBot.Channels;

/// <summary>What a platform said to a send: the delivery grain retries, waits, or gives up on it accordingly.</summary>
public sealed record SendResult
{
    private SendResult(SendStatus status, string? platformMessageId, TimeSpan? retryAfter, string? error)
    {
        Status = status;
        PlatformMessageId = platformMessageId;
        RetryAfter = retryAfter;
        Error = error;
    }

    public SendStatus Status { get; }

    public string? PlatformMessageId { get; }

    /// <summary>The wait the platform asked for (Telegram's <c>retry_after</c>, Discord's 429 body).</summary>
    public TimeSpan? RetryAfter { get; }

    public string? Error { get; }

    public static SendResult Sent(string? platformMessageId = null) => new(SendStatus.Sent, platformMessageId, null, null);

    public static SendResult Throttled(TimeSpan retryAfter, string error) => new(SendStatus.Transient, null, retryAfter, error);

    /// <summary>5xx, network errors, timeouts: retried with backoff.</summary>
    public static SendResult Transient(string error) => new(SendStatus.Transient, null, null, error);

    /// <summary>Bot blocked, chat gone: dead letter at once, never retried.</summary>
    public static SendResult Permanent(string error) => new(SendStatus.Permanent, null, null, error);
}
