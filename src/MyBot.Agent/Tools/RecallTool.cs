using System.ComponentModel;
using System.Text;
using Microsoft.Extensions.AI;
using Orleans;

namespace MyBot.Agent.Tools;

/// <summary><c>recall</c>: the facts stored about the user, optionally filtered.</summary>
public sealed class RecallTool(IGrainFactory grains) : IAgentTool
{
    public AIFunction Function { get; } = AIFunctionFactory.Create(
        async (AIFunctionArguments arguments, [Description("Words to look for; empty lists every fact.")] string? query = null) =>
        {
            var facts = await grains.GetGrain<IUserMemoryGrain>(ToolContext.From(arguments).UserKey).ListAsync();
            var words = (query ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var matches = words.Length == 0 ? facts : facts.Where(f => words.Any(w => f.Text.Contains(w, StringComparison.OrdinalIgnoreCase))).ToList();
            if (matches.Count == 0)
            {
                return facts.Count == 0 ? "No facts are stored about the user." : "No stored fact matches.";
            }

            var text = new StringBuilder();
            foreach (var fact in matches)
            {
                text.Append(fact.Id).Append(": ").AppendLine(fact.Text);
            }

            return text.ToString().TrimEnd();
        },
        "recall",
        "Lists the facts stored about the user, optionally only those matching some words.");
}
