using MyBot.Agent.Tools;
using MyBot.Agent.Workspace;
using YamlDotNet.RepresentationModel;

namespace MyBot.Agent.Agents;

/// <summary>Reads an <c>AGENT.md</c>: YAML front matter between <c>---</c> lines, then the system prompt.</summary>
public static class AgentFileParser
{
    /// <summary>In <c>skills</c>: every skill of the workspace.</summary>
    public const string AllSkills = "*";

    private static readonly string[] KnownKeys = ["name", "description", "model", "temperature", "tools", "maxTokens", "skills", "subagents"];

    /// <param name="folderName">The agent's folder; it is the agent's identity, so a <c>name</c> must agree with it.</param>
    /// <param name="knownTools">When given, a tool not in it is an error (a typo would otherwise silently disable the tool).</param>
    public static AgentDefinition Parse(string path, string folderName, string text, IReadOnlySet<string>? knownTools = null)
    {
        var document = FrontMatter.Read(path, text);
        var mapping = document.Settings;

        string? name = null;
        var description = string.Empty;
        string? model = null;
        float? temperature = null;
        int? maxTokens = null;
        IReadOnlyList<string> tools = [];
        IReadOnlyList<string> skills = [];
        IReadOnlyList<string> subagents = [];

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = FrontMatter.Key(keyNode);
            switch (key)
            {
                case "name":
                    name = FrontMatter.Scalar(path, key, valueNode);
                    break;
                case "description":
                    description = FrontMatter.Scalar(path, key, valueNode);
                    break;
                case "model":
                    model = FrontMatter.Scalar(path, key, valueNode);
                    break;
                case "temperature":
                    temperature = FrontMatter.Number(path, key, valueNode, 0, 2);
                    break;
                case "maxTokens":
                    maxTokens = (int)FrontMatter.Number(path, key, valueNode, 1, 1_000_000);
                    break;
                case "tools":
                    tools = ParseTools(path, valueNode, knownTools);
                    break;
                case "skills":
                    skills = ParseNames(path, key, valueNode, allowAll: true);
                    break;
                case "subagents":
                    subagents = ParseNames(path, key, valueNode, allowAll: false);
                    break;
                default:
                    throw new WorkspaceFileException(path, FrontMatter.LineOf(keyNode), $"unknown setting '{key}'; known settings are {string.Join(", ", KnownKeys)}.");
            }
        }

        if (name is not null && !string.Equals(name, folderName, StringComparison.OrdinalIgnoreCase))
        {
            throw new WorkspaceFileException(path, FrontMatter.LineOfKey(mapping, "name"), $"name '{name}' does not match the agent's folder '{folderName}'; rename one of them.");
        }

        if (document.Body.Length == 0)
        {
            throw new WorkspaceFileException(path, document.BodyLine, "the system prompt is empty: write it after the closing '---' line.");
        }

        return new AgentDefinition(folderName, description, string.IsNullOrWhiteSpace(model) ? null : model, temperature, tools, maxTokens, document.Body, path)
        {
            Skills = skills,
            Subagents = subagents,
        };
    }

    private static string[] ParseTools(string path, YamlNode node, IReadOnlySet<string>? knownTools)
    {
        var items = FrontMatter.List(path, "tools", node);
        foreach (var (itemNode, value) in items)
        {
            if (value is UseSkillTool.Name or DispatchAgentTool.Name)
            {
                var setting = value == UseSkillTool.Name ? "skills" : "subagents";
                throw new WorkspaceFileException(path, FrontMatter.LineOf(itemNode), $"'{value}' is not listed in 'tools': an agent gets it when its '{setting}' names one.");
            }

            if (knownTools is not null && !knownTools.Contains(value))
            {
                throw new WorkspaceFileException(path, FrontMatter.LineOf(itemNode), $"unknown tool '{value}'; available tools are {string.Join(", ", knownTools.Order(StringComparer.Ordinal))}.");
            }
        }

        return items.Select(i => i.Value).Distinct(StringComparer.Ordinal).ToArray();
    }

    // Skills and agents are checked for their form only: they load on their own, and one added later must not need this file edited again.
    private static string[] ParseNames(string path, string key, YamlNode node, bool allowAll)
    {
        var items = FrontMatter.List(path, key, node);
        foreach (var (itemNode, value) in items)
        {
            if (!AgentNames.IsValid(value) && !(allowAll && value == AllSkills))
            {
                throw new WorkspaceFileException(path, FrontMatter.LineOf(itemNode), $"'{value}' in '{key}' is not a name (lowercase letters, digits, '-' and '_'){(allowAll ? $", nor '{AllSkills}' for all" : string.Empty)}.");
            }
        }

        return items.Select(i => i.Value).Distinct(StringComparer.Ordinal).ToArray();
    }
}
