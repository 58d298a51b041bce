using System.Text.RegularExpressions;

namespace MyBot.Deploy.Tests;

/// <summary>A Dockerfile as its instructions: comments dropped, backslash continuations joined.</summary>
internal sealed partial class DockerfileInstructions
{
    private DockerfileInstructions(IReadOnlyList<(string Instruction, string Arguments)> instructions) => All = instructions;

    public IReadOnlyList<(string Instruction, string Arguments)> All { get; }

    public static DockerfileInstructions Load(string path)
    {
        var instructions = new List<(string, string)>();
        var pending = "";
        foreach (var rawLine in File.ReadAllLines(path))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var full = pending + line;
            pending = "";
            var space = full.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add((full[..space].ToUpperInvariant(), full[(space + 1)..].Trim()));
        }

        return new DockerfileInstructions(instructions);
    }

    public IEnumerable<string> Arguments(string instruction) =>
        All.Where(entry => entry.Instruction == instruction).Select(entry => entry.Arguments);

    /// <summary>The instructions of the last stage (the image that runs).</summary>
    public DockerfileInstructions FinalStage()
    {
        var lastFrom = All.Select((entry, index) => (entry, index)).Last(pair => pair.entry.Instruction == "FROM").index;
        return new DockerfileInstructions(All.Skip(lastFrom).ToList());
    }

    /// <summary>Variables set by ENV instructions in the <c>KEY=value</c> form.</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var arguments in Arguments("ENV"))
        {
            foreach (Match match in EnvAssignmentPattern().Matches(arguments))
            {
                variables[match.Groups["key"].Value] = match.Groups["value"].Value;
            }
        }

        return variables;
    }

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\S*)")]
    private static partial Regex EnvAssignmentPattern();
}
