using Microsoft.Extensions.AI;
using MyBot.Agent.Tools;

namespace MyBot.Agent.Tests;

/// <summary>A tool that only has a name, or runs the given body.</summary>
internal sealed class NamedTool(string name, Func<AIFunctionArguments, object?>? body = null) : IAgentTool
{
    public AIFunction Function { get; } = AIFunctionFactory.Create((AIFunctionArguments arguments) => body?.Invoke(arguments) ?? "ok", name, $"The {name} tool.");
}
