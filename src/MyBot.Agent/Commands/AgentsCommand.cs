using System.Text;
using MyBot.Agent.Agents;

namespace MyBot.Agent.Commands;

public sealed class AgentsCommand(IAgentCatalog catalog) : IChatCommand
{
    public string Name => "agents";

    public string Usage => "/agents";

    public string Description => "list the agents you can switch to";

    public Task<string> ExecuteAsync(CommandContext context, string arguments, CancellationToken cancellationToken)
    {
        var current = context.Session.GetStatus().Agent;
        var text = new StringBuilder("Agents:\n");
        foreach (var agent in catalog.Agents)
        {
            text.Append("- ").Append(agent.Name);
            if (agent.Description.Length > 0)
            {
                text.Append(": ").Append(agent.Description);
            }

            text.AppendLine(agent.Name == current ? " (current)" : string.Empty);
        }

        foreach (var error in catalog.Errors)
        {
            text.Append("- ").Append(error.AgentName).Append(": not loaded: ").AppendLine(error.Message);
        }

        text.Append("\nSwitch with `/agent <name>`.");
        return Task.FromResult(text.ToString());
    }
}
