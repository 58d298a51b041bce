using System.Collections.Frozen;
using Microsoft.Extensions.AI;

namespace MyBot.Agent.Tools;

public sealed class ToolRegistry : IToolRegistry
{
    private readonly FrozenDictionary<string, AIFunction> _tools;
    private readonly FrozenSet<string> _reachingUser;

    public ToolRegistry(IEnumerable<IAgentTool> tools)
    {
        var byName = new Dictionary<string, AIFunction>(StringComparer.Ordinal);
        var reachingUser = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            var function = tool.Function;
            if (!byName.TryAdd(function.Name, function))
            {
                throw new InvalidOperationException($"Two tools are registered under the name '{function.Name}'.");
            }

            if (tool.ReachesUser)
            {
                reachingUser.Add(function.Name);
            }
        }

        _tools = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _reachingUser = reachingUser.ToFrozenSet(StringComparer.Ordinal);
        Names = _tools.Keys.ToFrozenSet(StringComparer.Ordinal);
    }

    public IReadOnlySet<string> Names { get; }

    public AIFunction? Find(string name) => _tools.GetValueOrDefault(name);

    public IReadOnlyList<AIFunction> ForAgent(IEnumerable<string> allowed, bool reachingUser = true) =>
        [.. allowed.Distinct(StringComparer.Ordinal).Where(name => reachingUser || !_reachingUser.Contains(name)).Select(Find).OfType<AIFunction>()];
}
