using System.ComponentModel;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using MyBot.Agent.Skills;
using MyBot.Agent.Workspace;

namespace MyBot.Agent.Tools;

/// <summary>
/// <c>use_skill</c>: a skill's instructions, or one of its files, loaded when the model decides it needs them. Offered to
/// an agent whose <c>skills</c> allows a loaded skill, never listed in <c>tools</c>.
/// </summary>
public sealed class UseSkillTool
{
    public const string Name = "use_skill";

    public UseSkillTool(SkillCatalog skills, IAgentWorkspace workspace, IOptions<SkillOptions> options) =>
        Function = AIFunctionFactory.Create(
            (AIFunctionArguments arguments,
             [Description("The skill's name, as listed in your instructions.")] string name,
             [Description("A file of the skill to read, relative to its folder (e.g. 'reference.md'); leave empty to load the skill's instructions.")] string? file = null) =>
            {
                var agent = ToolContext.From(arguments).Agent;
                var skill = skills.Find(name);
                if (skill is null || agent is null || !agent.AllowsSkill(skill.Name))
                {
                    IEnumerable<string> allowed = agent is null ? [] : skills.ForAgent(agent).Select(s => s.Name);
                    return $"Error: there is no skill '{name}' available to you. Available skills: {string.Join(", ", allowed)}.";
                }

                if (!string.IsNullOrWhiteSpace(file))
                {
                    try
                    {
                        return SkillFiles.Read(workspace.Files, skill, file, options.Value.MaxFileBytes);
                    }
                    catch (SkillFileRefusedException e)
                    {
                        return $"Error: {e.Message}";
                    }
                }

                var text = new StringBuilder(skill.Body);
                var files = SkillFiles.List(workspace.Files, skill);
                if (files.Count > 0)
                {
                    text.Append("\n\n(Files of this skill, readable with use_skill and 'file': ").Append(string.Join(", ", files)).Append(')');
                }

                return text.ToString();
            },
            Name,
            "Loads the instructions of one of your skills (listed in your instructions), or one of the skill's files, when the task needs them.");

    public AIFunction Function { get; }
}
