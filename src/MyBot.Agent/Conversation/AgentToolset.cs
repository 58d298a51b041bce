using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Skills;
using MyBot.Agent.Subagents;
using MyBot.Agent.Tools;

namespace MyBot.Agent.Conversation;

/// <summary>
/// The tools of one turn of an agent: those its <c>tools</c> lists, <c>use_skill</c> when it may use a loaded skill, and
/// <c>dispatch_agent</c> when it may hand tasks to a loaded agent and is above the depth limit. A subagent gets no tool
/// that reaches the user: its answer goes to its caller only.
/// </summary>
public sealed class AgentToolset(
    IToolRegistry registry,
    SkillCatalog skills,
    IAgentCatalog agents,
    UseSkillTool useSkill,
    DispatchAgentTool dispatch,
    IOptions<SubagentOptions> subagentOptions)
{
    public TurnTools For(AgentDefinition agent, int depth)
    {
        var tools = new List<AIFunction>(registry.ForAgent(agent.Tools, reachingUser: depth == 0));
        var allowedSkills = skills.ForAgent(agent);
        if (allowedSkills.Count > 0)
        {
            tools.Add(useSkill.Function);
        }

        IReadOnlyList<AgentDefinition> subagents = depth < subagentOptions.Value.MaxDepth
            ? [.. agent.Subagents.Select(agents.Find).OfType<AgentDefinition>()]
            : [];
        if (subagents.Count > 0)
        {
            tools.Add(dispatch.Function);
        }

        return new TurnTools(tools, allowedSkills, subagents, depth);
    }
}
