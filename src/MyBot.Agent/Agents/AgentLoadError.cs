namespace MyBot.Agent.Agents;

/// <summary>An agent folder whose <c>AGENT.md</c> could not be loaded, kept so <c>/agents</c> and the log can show it.</summary>
public sealed record AgentLoadError(string AgentName, string Path, int Line, string Message);
