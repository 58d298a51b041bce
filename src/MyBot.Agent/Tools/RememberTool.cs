using System.ComponentModel;
using Microsoft.Extensions.AI;
using Orleans;

namespace MyBot.Agent.Tools;

/// <summary><c>remember</c>: stores a fact about the user for later conversations.</summary>
public sealed class RememberTool(IGrainFactory grains) : IAgentTool
{
    public AIFunction Function { get; } = AIFunctionFactory.Create(
        async ([Description("The fact to keep, as a short sentence, e.g. 'The user's daughter is called Mia.'")] string fact, AIFunctionArguments arguments) =>
        {
            var stored = await grains.GetGrain<IUserMemoryGrain>(ToolContext.From(arguments).UserKey).RememberAsync(fact);
            return $"Remembered as {stored.Id}: {stored.Text}";
        },
        "remember",
        "Stores a fact about the user so you know it in later conversations. Use when the user asks you to remember something or shares a lasting preference.");
}
