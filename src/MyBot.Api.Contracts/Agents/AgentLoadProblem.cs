namespace MyBot.Api.Contracts.Agents;

/// <summary>An <c>AGENT.md</c> that does not load, where and why; the agent keeps its last good definition, if it had one.</summary>
public sealed record AgentLoadProblem(string Agent, string Path, int Line, string Message);
