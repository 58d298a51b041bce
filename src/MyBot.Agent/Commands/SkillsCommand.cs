using System.Text;
using MyBot.Agent.Agents;
using MyBot.Agent.Skills;

namespace MyBot.Agent.Commands;

/// <summary><c>/skills</c>: the workspace's skills, which of them this chat's agent may use, and those that do not load.</summary>
public sealed class SkillsCommand(SkillCatalog skills, IAgentCatalog agents) : IChatCommand
{
    public string Name => "skills";

    public string Usage => "/skills";

    public string Description => "list the skills, which ones the current agent may use, and any that fail to load";

    public Task<string> ExecuteAsync(CommandContext context, string arguments, CancellationToken cancellationToken)
    {
        var agentName = context.Session.GetStatus().Agent;
        var agent = agents.Find(agentName);
        var all = skills.Skills;
        var text = new StringBuilder();
        if (all.Count == 0 && skills.Errors.Count == 0)
        {
            return Task.FromResult($"There are no skills yet: add `skills/<name>/{SkillCatalog.SkillFileName}` to the workspace ({skills.SkillsLocation}).");
        }

        text.Append("Skills (").Append(agentName).AppendLine(" may use those marked ✓):");
        foreach (var skill in all)
        {
            text.Append("- ").Append(agent?.AllowsSkill(skill.Name) == true ? "✓ " : string.Empty).Append(skill.Name).Append(": ").AppendLine(skill.Description);
        }

        foreach (var error in skills.Errors)
        {
            text.Append("- ").Append(error.Name).Append(": not loaded: ").AppendLine(error.Message);
        }

        text.Append($"\nAn agent's `skills:` in its {AgentCatalog.AgentFileName} allows them.");
        return Task.FromResult(text.ToString());
    }
}
