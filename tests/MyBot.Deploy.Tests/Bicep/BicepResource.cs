using System.Text.RegularExpressions;

namespace MyBot.Deploy.Tests.Bicep;

/// <summary>
/// A <c>resource</c> declaration: type with API version, whether it only references an existing resource, and its body
/// (for a loop <c>[for x in xs: {...}]</c>, the body of one iteration).
/// </summary>
internal sealed partial record BicepResource(string Symbol, string TypeAndVersion, bool IsExisting, string DeclarationText)
{
    public string Type => TypeAndVersion.Split('@')[0];

    public string ApiVersion => TypeAndVersion.Split('@')[1];

    public bool IsLoop => DeclarationText.TrimStart().StartsWith('[');

    /// <summary>The <c>if (...)</c> condition in front of the body, or null when the resource is always deployed.</summary>
    public string? Condition
    {
        get
        {
            var header = DeclarationText[..DeclarationText.IndexOf('{', StringComparison.Ordinal)];
            var match = ConditionPattern().Match(header);
            return match.Success ? match.Groups["condition"].Value.Trim() : null;
        }
    }

    public BicepObject Body
    {
        get
        {
            var open = DeclarationText.IndexOf('{', StringComparison.Ordinal);
            return BicepObject.Parse(DeclarationText[open..(BicepScanner.FindClosing(DeclarationText, open) + 1)]);
        }
    }

    [GeneratedRegex(@"if\s*\((?<condition>.*)\)\s*$", RegexOptions.Singleline)]
    private static partial Regex ConditionPattern();
}
