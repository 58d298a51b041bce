using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MyBot.Agent.Workspace;

/// <summary>
/// Reads the files of the workspace (<c>AGENT.md</c>, <c>SKILL.md</c>): YAML front matter between <c>---</c> lines, then
/// a Markdown body. Every error is a <see cref="WorkspaceFileException"/> with the file's line.
/// </summary>
public static partial class FrontMatter
{
    public static FrontMatterDocument Read(string path, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            throw new WorkspaceFileException(path, 1, "expected front matter: the file must start with a '---' line, then YAML settings, then a closing '---' line.");
        }

        var closing = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (closing < 0)
        {
            throw new WorkspaceFileException(path, lines.Length, "the front matter is not closed: add a '---' line after the YAML settings.");
        }

        var yaml = string.Join('\n', lines[1..closing]);
        var body = string.Join('\n', lines[(closing + 1)..]).Trim();
        return new FrontMatterDocument(ReadMapping(path, yaml), body, closing + 2);
    }

    public static string Scalar(string path, string key, YamlNode node) =>
        node is YamlScalarNode scalar
            ? scalar.Value ?? string.Empty
            : throw new WorkspaceFileException(path, LineOf(node), $"'{key}' must be a single value.");

    public static float Number(string path, string key, YamlNode node, float min, float max)
    {
        var text = Scalar(path, key, node);
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new WorkspaceFileException(path, LineOf(node), $"'{key}' must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'.");
        }

        return value;
    }

    /// <summary>A YAML list (<c>[a, b]</c> or one item a line), or one comma-separated value; each item with its node for its line.</summary>
    public static IReadOnlyList<(YamlNode Node, string Value)> List(string path, string key, YamlNode node) => node switch
    {
        YamlSequenceNode sequence => [.. sequence.Children.Select(child => (child, Scalar(path, key, child)))],
        YamlScalarNode scalar when string.IsNullOrWhiteSpace(scalar.Value) => [],
        YamlScalarNode scalar => [.. scalar.Value!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => ((YamlNode)scalar, v))],
        _ => throw new WorkspaceFileException(path, LineOf(node), $"'{key}' must be a list of names."),
    };

    /// <summary>The setting's name; empty for a key that is not plain text.</summary>
    public static string Key(YamlNode keyNode) => (keyNode as YamlScalarNode)?.Value ?? string.Empty;

    // Node marks are 1-based within the YAML, which starts on the file's second line.
    public static int LineOf(YamlNode node) => (int)node.Start.Line + 1;

    public static int LineOfKey(YamlMappingNode mapping, string key) =>
        mapping.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value == key).Select(LineOf).FirstOrDefault(2);

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
            throw new WorkspaceFileException(path, (int)e.Start.Line + 1, $"invalid YAML: {FirstLine(e.Message)}", e);
        }

        if (stream.Documents.Count == 0)
        {
            return new YamlMappingNode();
        }

        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new WorkspaceFileException(path, 2, "the front matter must be 'key: value' settings.");
    }

    // YamlDotNet prefixes its message with positions inside the front matter, which would not match the file's lines.
    private static string FirstLine(string message) => MarkPrefix().Replace(message.Split('\n')[0], string.Empty).Trim();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
