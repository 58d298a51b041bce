using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MyBot.Agent.Agents;

/// <summary>Reads an <c>AGENT.md</c>: YAML front matter between <c>---</c> lines, then the system prompt.</summary>
public static partial class AgentFileParser
{
    private static readonly string[] KnownKeys = ["name", "description", "model", "temperature", "tools", "maxTokens"];

    /// <param name="folderName">The agent's folder; it is the agent's identity, so a <c>name</c> must agree with it.</param>
    /// <param name="knownTools">When given, a tool not in it is an error (a typo would otherwise silently disable the tool).</param>
    public static AgentDefinition Parse(string path, string folderName, string text, IReadOnlySet<string>? knownTools = null)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            throw new AgentDefinitionException(path, 1, "expected front matter: the file must start with a '---' line, then YAML settings, then a closing '---' line.");
        }

        var closing = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (closing < 0)
        {
            throw new AgentDefinitionException(path, lines.Length, "the front matter is not closed: add a '---' line after the YAML settings.");
        }

        var yaml = string.Join('\n', lines[1..closing]);
        var prompt = string.Join('\n', lines[(closing + 1)..]).Trim();
        var mapping = ReadMapping(path, yaml);

        string? name = null;
        var description = string.Empty;
        string? model = null;
        float? temperature = null;
        int? maxTokens = null;
        IReadOnlyList<string> tools = [];

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var line = LineOf(keyNode);
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            switch (key)
            {
                case "name":
                    name = Scalar(path, key, valueNode);
                    break;
                case "description":
                    description = Scalar(path, key, valueNode);
                    break;
                case "model":
                    model = Scalar(path, key, valueNode);
                    break;
                case "temperature":
                    temperature = ParseFloat(path, key, valueNode, 0, 2);
                    break;
                case "maxTokens":
                    maxTokens = (int)ParseFloat(path, key, valueNode, 1, 1_000_000);
                    break;
                case "tools":
                    tools = ParseTools(path, valueNode, knownTools);
                    break;
                default:
                    throw new AgentDefinitionException(path, line, $"unknown setting '{key}'; known settings are {string.Join(", ", KnownKeys)}.");
            }
        }

        if (name is not null && !string.Equals(name, folderName, StringComparison.OrdinalIgnoreCase))
        {
            throw new AgentDefinitionException(path, LineOfKey(mapping, "name"), $"name '{name}' does not match the agent's folder '{folderName}'; rename one of them.");
        }

        if (prompt.Length == 0)
        {
            throw new AgentDefinitionException(path, closing + 2, "the system prompt is empty: write it after the closing '---' line.");
        }

        return new AgentDefinition(folderName, description, string.IsNullOrWhiteSpace(model) ? null : model, temperature, tools, maxTokens, prompt, path);
    }

    private static YamlMappingNode ReadMapping(string path, string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            // The YAML starts on the file's second line, after the opening '---'.
            throw new AgentDefinitionException(path, (int)e.Start.Line + 1, $"invalid YAML: {FirstLine(e.Message)}", e);
        }

        if (stream.Documents.Count == 0)
        {
            return new YamlMappingNode();
        }

        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new AgentDefinitionException(path, 2, "the front matter must be 'key: value' settings.");
    }

    private static string Scalar(string path, string key, YamlNode node) =>
        node is YamlScalarNode scalar
            ? scalar.Value ?? string.Empty
            : throw new AgentDefinitionException(path, LineOf(node), $"'{key}' must be a single value.");

    private static float ParseFloat(string path, string key, YamlNode node, float min, float max)
    {
        var text = Scalar(path, key, node);
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new AgentDefinitionException(path, LineOf(node), $"'{key}' must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'.");
        }

        return value;
    }

    private static string[] ParseTools(string path, YamlNode node, IReadOnlySet<string>? knownTools)
    {
        var items = node switch
        {
            YamlSequenceNode sequence => sequence.Children.Select(child => (Node: child, Value: Scalar(path, "tools", child))).ToList(),
            YamlScalarNode scalar when string.IsNullOrWhiteSpace(scalar.Value) => [],
            YamlScalarNode scalar => scalar.Value!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => (Node: (YamlNode)scalar, Value: v)).ToList(),
            _ => throw new AgentDefinitionException(path, LineOf(node), "'tools' must be a list of tool names."),
        };

        foreach (var (itemNode, value) in items)
        {
            if (knownTools is not null && !knownTools.Contains(value))
            {
                throw new AgentDefinitionException(path, LineOf(itemNode), $"unknown tool '{value}'; available tools are {string.Join(", ", knownTools.Order(StringComparer.Ordinal))}.");
            }
        }

        return items.Select(i => i.Value).Distinct(StringComparer.Ordinal).ToArray();
    }

    // Node marks are 1-based within the YAML, which starts on the file's second line.
    private static int LineOf(YamlNode node) => (int)node.Start.Line + 1;

    private static int LineOfKey(YamlMappingNode mapping, string key) =>
        mapping.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value == key).Select(LineOf).FirstOrDefault(2);

    // YamlDotNet prefixes its message with positions inside the front matter, which would not match the file's lines.
    private static string FirstLine(string message) => MarkPrefix().Replace(message.Split('\n')[0], string.Empty).Trim();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
