namespace MyBot.Server.Health;

/// <summary>What the start-up check of the LLM endpoint found; <c>/readyz</c> shows a problem as degraded, not as down.</summary>
public sealed class LlmEndpointStatus
{
    private volatile string? _problem;

    /// <summary>Null while unchecked, unconfigured or fine.</summary>
    public string? Problem => _problem;

    internal void Report(string? problem) => _problem = problem;
}
