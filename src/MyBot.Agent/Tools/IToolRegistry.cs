using Microsoft.Extensions.AI;

namespace MyBot.Agent.Tools;

public interface IToolRegistry
{
    IReadOnlySet<string> Names { get; }

    AIFunction? Find(string name);

    /// <summary>The tools an agent lists, in its order; names not registered are skipped.</summary>
    /// <param name="reachingUser">False leaves out the tools that send the user something (<see cref="IAgentTool.ReachesUser"/>).</param>
    IReadOnlyList<AIFunction> ForAgent(IEnumerable<string> allowed, bool reachingUser = true);
}
