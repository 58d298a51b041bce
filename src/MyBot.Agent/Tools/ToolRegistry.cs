using System.Collections.Frozen;
using Microsoft.Extensions.AI;

namespace MyBot.Agent.Tools;

public sealed class ToolRegistry : IToolRegistry
{
    private readonly FrozenDictionary<string, AIFunction> _tools;

    public ToolRegistry(IEnumerable<IAgentTool> tools)
    {
        var byName = new Dictionary<string, AIFunction>(StringComparer.Ordinal);
        foreach (var function in tools.Select(t => t.Function))
        {
            if (!byName.TryAdd(function.Name, function))
            {
                throw new InvalidOperationException($"Two tools are registered under the name '{function.Name}'.");
            }
        }

        _tools = byName.ToFrozenDictionary(StringComparer.Ordinal);
        Names = _tools.Keys.ToFrozenSet(StringComparer.Ordinal);
    }

    public IReadOnlySet<string> Names { get; }

    public AIFunction? Find(string name) => _tools.GetValueOrDefault(name);

    public IReadOnlyList<AIFunction> ForAgent(IEnumerable<string> allowed) =>
        [.. allowed.Distinct(StringComparer.Ordinal).Select(Find).OfType<AIFunction>()];
}
