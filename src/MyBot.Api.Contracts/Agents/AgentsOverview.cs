namespace MyBot.Api.Contracts.Agents;

/// <summary><c>GET /api/admin/agents</c>: the workspace's agents and the files that do not load.</summary>
public sealed record AgentsOverview(string DefaultAgent, IReadOnlyList<AgentReport> Agents, IReadOnlyList<AgentLoadProblem> Errors);
