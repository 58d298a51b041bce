using System.ComponentModel;
using Microsoft.Extensions.AI;
using Orleans;

namespace MyBot.Agent.Tools;

/// <summary>
/// <c>dispatch_agent</c>: hands a task to another agent and returns its answer. Offered to an agent whose
/// <c>subagents</c> names a loaded agent, above the depth limit; never listed in <c>tools</c>.
/// </summary>
public sealed class DispatchAgentTool
{
    public const string Name = "dispatch_agent";

    public DispatchAgentTool(IGrainFactory grains) =>
        Function = AIFunctionFactory.Create(
            async (AIFunctionArguments arguments,
                   [Description("The agent to hand the task to, as listed in your instructions.")] string agent,
                   [Description("The task, with everything the agent needs: it does not see this conversation.")] string task) =>
            {
                var context = ToolContext.From(arguments);
                var name = agent.Trim().ToLowerInvariant();
                var allowed = context.Agent?.Subagents ?? [];
                if (!allowed.Contains(name))
                {
                    return $"Error: you cannot hand tasks to '{agent}'. Agents you can: {string.Join(", ", allowed)}.";
                }

                if (string.IsNullOrWhiteSpace(task))
                {
                    return "Error: the task is empty; describe what the agent should do.";
                }

                var request = new SubagentTask(name, task, context.Source, context.Depth + 1, context.TimeZone, context.Identity);
                var answer = await grains.GetGrain<ISubagentGrain>(request.SessionKeyFor(context.TurnId)).RunAsync(request);
                return answer.IsError ? $"Error: {answer.Text}" : answer.Text;
            },
            Name,
            "Hands a task to another agent (listed in your instructions) and returns its answer. The agent works with its own tools and does not see this conversation.");

    public AIFunction Function { get; }
}
