namespace MyBot.Agent.Llm;

/// <summary>The user's budget refused an LLM call; <see cref="Reply"/> tells the user so and ends the turn.</summary>
public sealed class LlmBudgetExhaustedException(string reply) : Exception(reply)
{
    public string Reply { get; } = reply;
}
