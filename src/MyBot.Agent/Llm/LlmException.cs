namespace MyBot.Agent.Llm;

/// <summary>The one failure type of the LLM client; its message is safe to show the user and never holds a secret.</summary>
public sealed class LlmException(LlmErrorKind kind, string message, TimeSpan? retryAfter = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    public LlmErrorKind Kind { get; } = kind;

    /// <summary>How long the endpoint asked to wait (429 <c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Whether the same call may succeed later (rate limit, server error, timeout).</summary>
    public bool IsTransient => Kind is LlmErrorKind.RateLimited or LlmErrorKind.ServerError or LlmErrorKind.Timeout;
}
