using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MyBot.Agent.Workspace;

/// <summary>
/// A workspace file (<c>AGENT.md</c>, <c>CRON.md</c>): YAML settings between <c>---</c> lines, then a Markdown body.
/// Problems are reported through the caller's exception, with the file's line, so each file type names itself.
/// </summary>
/// <param name="Settings">The front matter's <c>key: value</c> settings.</param>
/// <param name="Body">The text after the closing <c>---</c> line, trimmed.</param>
/// <param name="BodyLine">The file's line where the body starts, for an error about it.</param>
public sealed partial record FrontMatter(YamlMappingNode Settings, string Body, int BodyLine)
{
    /// <param name="error">Makes the exception thrown for a problem at a line of the file.</param>
    public static FrontMatter Read(string text, Func<int, string, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(error);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            throw error(1, "expected front matter: the file must start with a '---' line, then YAML settings, then a closing '---' line.");
        }

        var closing = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (closing < 0)
        {
            throw error(lines.Length, "the front matter is not closed: add a '---' line after the YAML settings.");
        }

        var body = string.Join('\n', lines[(closing + 1)..]).Trim();
        return new FrontMatter(ReadMapping(string.Join('\n', lines[1..closing]), error), body, closing + 2);
    }

    /// <summary>The file's line of a node: marks are 1-based within the YAML, which starts on the file's second line.</summary>
    public static int LineOf(YamlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return (int)node.Start.Line + 1;
    }

    public int LineOfKey(string key) =>
        Settings.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value == key).Select(LineOf).FirstOrDefault(2);

    private static YamlMappingNode ReadMapping(string yaml, Func<int, string, Exception> error)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw error((int)e.Start.Line + 1, $"invalid YAML: {FirstLine(e.Message)}");
        }

        if (stream.Documents.Count == 0)
        {
            return new YamlMappingNode();
        }

        return stream.Documents[0].RootNode as YamlMappingNode ?? throw error(2, "the front matter must be 'key: value' settings.");
    }

    // YamlDotNet prefixes its message with positions inside the front matter, which would not match the file's lines.
    private static string FirstLine(string message) => MarkPrefix().Replace(message.Split('\n')[0], string.Empty).Trim();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
