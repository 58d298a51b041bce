using System.Text.RegularExpressions;

namespace MyBot.Deploy.Tests.Bicep;

/// <summary>
/// The top-level declarations of one Bicep file, read from text: the repository's Bicep keeps declarations at column 0
/// and their bodies indented, which is the formatting <c>bicep format</c> produces.
/// </summary>
internal sealed partial class BicepFile
{
    private BicepFile(string path, string text)
    {
        Path = path;
        Text = text;
        var pendingDecorators = new List<string>();
        foreach (var statement in Statements(text))
        {
            if (statement.StartsWith('@'))
            {
                pendingDecorators.Add(statement);
                continue;
            }

            Declare(statement, pendingDecorators.ToList());
            pendingDecorators.Clear();
        }
    }

    public string Path { get; }

    /// <summary>The file's text with comments blanked out.</summary>
    public string Text { get; }

    public string? TargetScope { get; private set; }

    public Dictionary<string, BicepParameter> Parameters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, BicepResource> Resources { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, BicepModuleCall> Modules { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, BicepOutput> Outputs { get; } = new(StringComparer.Ordinal);

    public static BicepFile Load(string path) => new(path, BicepScanner.StripComments(File.ReadAllText(path)));

    public IEnumerable<BicepParameter> SecureParameters => Parameters.Values.Where(parameter => parameter.IsSecure);

    /// <summary>The objects inside the array expression assigned to variable <paramref name="name"/>, innermost objects only.</summary>
    public IReadOnlyList<BicepListEntry> ListVariable(string name)
    {
        if (!Variables.TryGetValue(name, out var expression))
        {
            throw new KeyNotFoundException($"{Path}: no variable '{name}'.");
        }

        var entries = new List<BicepListEntry>();
        foreach (var open in BicepScanner.OpeningBrackets(expression, '{'))
        {
            var objectText = expression[open..(BicepScanner.FindClosing(expression, open) + 1)];
            if (BicepScanner.OpeningBrackets(objectText[1..], '{').Any())
            {
                continue;
            }

            entries.Add(new BicepListEntry(BicepObject.Parse(objectText), IsInConditionalBranch(expression, open)));
        }

        return entries;
    }

    /// <summary>Identifiers that <paramref name="expression"/> mentions (string interpolations included).</summary>
    public static IReadOnlySet<string> Identifiers(string expression) =>
        IdentifierPattern().Matches(expression).Select(match => match.Value).ToHashSet(StringComparer.Ordinal);

    private static bool IsInConditionalBranch(string expression, int objectOffset)
    {
        var arrayOpen = BicepScanner.OpeningBrackets(expression, '[')
            .Where(open => open < objectOffset && BicepScanner.FindClosing(expression, open) > objectOffset)
            .DefaultIfEmpty(-1)
            .Max();
        if (arrayOpen < 0)
        {
            return false;
        }

        var before = expression[..arrayOpen].TrimEnd();
        return before.EndsWith('?') || ElseBranchPattern().IsMatch(before);
    }

    private void Declare(string statement, IReadOnlyList<string> decorators)
    {
        Match match;
        if ((match = TargetScopePattern().Match(statement)).Success)
        {
            TargetScope = match.Groups["scope"].Value;
        }
        else if ((match = ParamPattern().Match(statement)).Success)
        {
            var name = match.Groups["name"].Value;
            var isSecure = decorators.Any(decorator => decorator.StartsWith("@secure()", StringComparison.Ordinal));
            var defaultValue = match.Groups["default"].Success ? match.Groups["default"].Value.Trim() : null;
            Parameters[name] = new BicepParameter(name, match.Groups["type"].Value, isSecure, defaultValue, decorators);
        }
        else if ((match = VarPattern().Match(statement)).Success)
        {
            Variables[match.Groups["name"].Value] = match.Groups["value"].Value.Trim();
        }
        else if ((match = ResourcePattern().Match(statement)).Success)
        {
            var symbol = match.Groups["symbol"].Value;
            Resources[symbol] = new BicepResource(
                symbol, match.Groups["type"].Value, match.Groups["existing"].Success, match.Groups["body"].Value.Trim());
        }
        else if ((match = ModulePattern().Match(statement)).Success)
        {
            var symbol = match.Groups["symbol"].Value;
            var loop = match.Groups["loop"].Success ? match.Groups["loop"].Value.Trim() : null;
            Modules[symbol] = new BicepModuleCall(symbol, match.Groups["path"].Value, BicepObject.Parse(match.Groups["body"].Value), loop, decorators);
        }
        else if ((match = OutputPattern().Match(statement)).Success)
        {
            var name = match.Groups["name"].Value;
            Outputs[name] = new BicepOutput(name, match.Groups["type"].Value, match.Groups["value"].Value.Trim());
        }
        else if (!statement.StartsWith("metadata ", StringComparison.Ordinal))
        {
            throw new FormatException($"{Path}: unrecognised declaration: {statement.Split('\n')[0]}");
        }
    }

    /// <summary>Top-level statements: each starts at a column-0 line opening a declaration or a decorator.</summary>
    private static IEnumerable<string> Statements(string text)
    {
        var current = new List<string>();
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (StatementStartPattern().IsMatch(line) && current.Count > 0)
            {
                yield return string.Join('\n', current).Trim();
                current.Clear();
            }

            if (current.Count > 0 || !string.IsNullOrWhiteSpace(line))
            {
                current.Add(line);
            }
        }

        if (current.Count > 0)
        {
            yield return string.Join('\n', current).Trim();
        }
    }

    [GeneratedRegex(@"^(@|targetScope\b|metadata |param |var |resource |module |output |type |func |import )")]
    private static partial Regex StatementStartPattern();

    [GeneratedRegex(@"^targetScope\s*=\s*'(?<scope>[^']+)'")]
    private static partial Regex TargetScopePattern();

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s+(?<type>[^\s=]+)(\s*=\s*(?<default>[\s\S]+))?$")]
    private static partial Regex ParamPattern();

    [GeneratedRegex(@"^var\s+(?<name>\w+)\s*=\s*(?<value>[\s\S]+)$")]
    private static partial Regex VarPattern();

    [GeneratedRegex(@"^resource\s+(?<symbol>\w+)\s+'(?<type>[^']+)'\s+(?<existing>existing\s+)?=\s*(?<body>(if\s*\([^\n]*\)\s*)?[\[{][\s\S]*[\]}])$")]
    private static partial Regex ResourcePattern();

    [GeneratedRegex(@"^module\s+(?<symbol>\w+)\s+'(?<path>[^']+)'\s*=\s*(\[\s*for\s+(?<loop>[^:\n]+):\s*)?(if\s*\([^\n]*\)\s*)?(?<body>\{[\s\S]*\})(?(loop)\s*\])$")]
    private static partial Regex ModulePattern();

    [GeneratedRegex(@"^output\s+(?<name>\w+)\s+(?<type>\S+)\s*=\s*(?<value>[\s\S]+)$")]
    private static partial Regex OutputPattern();

    [GeneratedRegex(@"\?\s*\[\s*\]\s*:$")]
    private static partial Regex ElseBranchPattern();

    [GeneratedRegex(@"\b[A-Za-z_][A-Za-z0-9_]*\b")]
    private static partial Regex IdentifierPattern();
}
