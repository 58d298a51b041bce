using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Llm;
using MyBot.Api.Contracts.Agents;

namespace MyBot.Server.Admin;

/// <summary><c>GET /api/admin/agents</c>: the workspace's agents with model, tools and bindings, and the AGENT.md files that do not load.</summary>
public static class AgentAdminEndpoints
{
    public static RouteHandlerBuilder MapAgentAdminEndpoints(this IEndpointRouteBuilder admin) =>
        admin.MapGet("/agents", List)
            .WithTags("Agents")
            .WithName("ListAgents")
            .WithSummary("The agents of the workspace with their model, tools and bindings, and the errors of any AGENT.md that does not load.");

    private static Ok<AgentsOverview> List(IAgentCatalog catalog, IOptions<AgentOptions> agentOptions, IOptions<LlmOptions> llmOptions)
    {
        var options = agentOptions.Value;
        var agents = catalog.Agents.Select(agent => new AgentReport(
                agent.Name,
                agent.Description,
                agent.Model ?? llmOptions.Value.Model,
                agent.Model is null,
                agent.Tools,
                [.. options.Bindings.Where(b => SameAgent(b.Agent, agent.Name)).Select(b => b.Match.Trim())],
                SameAgent(options.DefaultAgent, agent.Name),
                agent.SourcePath))
            .ToList();
        var errors = catalog.Errors.Select(e => new AgentLoadProblem(e.AgentName, e.Path, e.Line, e.Message)).ToList();
        return TypedResults.Ok(new AgentsOverview(options.DefaultAgent, agents, errors));
    }

    // Bindings name agents as typed; the router compares them lower-cased and trimmed.
    private static bool SameAgent(string configured, string name) => string.Equals(configured.Trim(), name, StringComparison.OrdinalIgnoreCase);
}
