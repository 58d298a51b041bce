namespace MyBot.Agent.Llm;

public enum LlmErrorKind
{
    /// <summary>No endpoint or key is configured; the message says how to configure one.</summary>
    NotConfigured,

    /// <summary>401/403: the key is missing, wrong or lacks access.</summary>
    Unauthorized,

    /// <summary>429: try again after <see cref="LlmException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>5xx or the endpoint could not be reached.</summary>
    ServerError,

    Timeout,

    /// <summary>4xx other than the above: unknown model, context too long, malformed request.</summary>
    BadRequest,
}
