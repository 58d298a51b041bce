using Microsoft.Extensions.AI;

namespace MyBot.Agent.Tools;

public interface IToolRegistry
{
    IReadOnlySet<string> Names { get; }

    AIFunction? Find(string name);

    /// <summary>The tools an agent lists, in its order; names not registered are skipped.</summary>
    IReadOnlyList<AIFunction> ForAgent(IEnumerable<string> allowed);
}
