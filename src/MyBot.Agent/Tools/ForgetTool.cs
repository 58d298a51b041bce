using System.ComponentModel;
using Microsoft.Extensions.AI;
using Orleans;

namespace MyBot.Agent.Tools;

/// <summary><c>forget</c>: removes a stored fact by id or by text.</summary>
public sealed class ForgetTool(IGrainFactory grains) : IAgentTool
{
    public AIFunction Function { get; } = AIFunctionFactory.Create(
        async ([Description("The fact's id (e.g. m3) or words it contains.")] string fact, AIFunctionArguments arguments) =>
        {
            var forgotten = await grains.GetGrain<IUserMemoryGrain>(ToolContext.From(arguments).UserKey).ForgetAsync(fact);
            return forgotten.Count == 0 ? "No stored fact matched; nothing was forgotten." : $"Forgot: {string.Join("; ", forgotten.Select(f => f.Text))}";
        },
        "forget",
        "Removes a stored fact about the user, by id or by words it contains.");
}
