using MyBot.Agent.Agents;

namespace MyBot.Agent.Commands;

public sealed class AgentCommand(IAgentCatalog catalog) : IChatCommand
{
    public string Name => "agent";

    public string Usage => "/agent <name>";

    public string Description => "switch this chat to another agent";

    public async Task<string> ExecuteAsync(CommandContext context, string arguments, CancellationToken cancellationToken)
    {
        if (arguments.Length == 0)
        {
            return $"This chat talks to **{context.Session.GetStatus().Agent}**. Switch with `/agent <name>`; `/agents` lists them.";
        }

        var agent = catalog.Find(arguments);
        if (agent is null)
        {
            var error = catalog.Errors.FirstOrDefault(e => string.Equals(e.AgentName, arguments, StringComparison.OrdinalIgnoreCase));
            return error is not null
                ? $"The agent '{arguments}' exists but cannot be loaded: {error.Message}"
                : $"There is no agent '{arguments}'. Available: {string.Join(", ", catalog.Agents.Select(a => a.Name))}.";
        }

        await context.Session.SelectAgentAsync(agent.Name, cancellationToken);
        return $"This chat now talks to **{agent.Name}**{(agent.Description.Length > 0 ? $" ({agent.Description})" : string.Empty)}.";
    }
}
