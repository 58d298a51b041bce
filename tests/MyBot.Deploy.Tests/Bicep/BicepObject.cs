using System.Text.RegularExpressions;

namespace MyBot.Deploy.Tests.Bicep;

/// <summary>The members of one Bicep object literal, each value kept as its source text.</summary>
internal sealed partial class BicepObject(IReadOnlyDictionary<string, string> members)
{
    public IReadOnlyDictionary<string, string> Members { get; } = members;

    public string? this[string key] => Members.TryGetValue(key, out var value) ? value : null;

    /// <summary>Parses <paramref name="text"/>, which starts with <c>{</c> and ends with the matching <c>}</c>.</summary>
    public static BicepObject Parse(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('{') || !trimmed.EndsWith('}'))
        {
            throw new FormatException($"Not an object literal: {Shorten(trimmed)}");
        }

        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in BicepScanner.SplitMembers(trimmed[1..^1]))
        {
            var match = MemberPattern().Match(member);
            if (!match.Success)
            {
                throw new FormatException($"Not an object member: {Shorten(member)}");
            }

            var key = match.Groups["key"].Value.Trim('\'');
            members[key] = match.Groups["value"].Value.Trim();
        }

        return new BicepObject(members);
    }

    /// <summary>The value of a member that is a plain string literal (no interpolation), else null.</summary>
    public string? StringLiteral(string key) => Literal(this[key]);

    /// <summary>The content of <paramref name="expression"/> when it is a plain string literal, else null.</summary>
    public static string? Literal(string? expression)
    {
        if (expression is null)
        {
            return null;
        }

        var match = StringLiteralPattern().Match(expression.Trim());
        return match.Success ? match.Groups["content"].Value : null;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";

    [GeneratedRegex(@"^(?<key>'[^']*'|[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?<value>[\s\S]*)$")]
    private static partial Regex MemberPattern();

    [GeneratedRegex(@"^'(?<content>[^'\\$]*)'$")]
    private static partial Regex StringLiteralPattern();
}
