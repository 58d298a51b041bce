using Microsoft.Extensions.AI;
using MyBot.Agent.Agents;
using MyBot.Agent.Skills;

namespace MyBot.Agent.Conversation;

/// <summary>What an agent may use in one turn: the tools sent to the model, and the skills and agents its prompt lists.</summary>
/// <param name="Depth">0 for the agent the user talks to; more for a subagent.</param>
public sealed record TurnTools(IReadOnlyList<AIFunction> Tools, IReadOnlyList<SkillDefinition> Skills, IReadOnlyList<AgentDefinition> Subagents, int Depth);
