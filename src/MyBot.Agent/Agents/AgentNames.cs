using System.Text.RegularExpressions;

namespace MyBot.Agent.Agents;

public static partial class AgentNames
{
    public const string Pattern = "^[a-z0-9][a-z0-9_-]{0,63}$";

    public static bool IsValid(string? name) => name is not null && NameRegex().IsMatch(name);

    [GeneratedRegex(Pattern)]
    private static partial Regex NameRegex();
}
