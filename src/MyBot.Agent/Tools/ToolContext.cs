using Microsoft.Extensions.AI;
using MyBot.Agent.Agents;
using MyBot.Channels;

namespace MyBot.Agent.Tools;

/// <summary>Who a tool call is for; the tool loop hands it to every tool through <see cref="AIFunctionArguments.Context"/>.</summary>
/// <param name="TimeZone">The user's time zone when known (IANA id), else null.</param>
public sealed record ToolContext(EventSource Source, string? TimeZone = null)
{
    /// <summary>The agent whose turn this is: its allow lists decide which skills and subagents the tools may use.</summary>
    public AgentDefinition? Agent { get; init; }

    /// <summary>
    /// Names the turn, the same on every attempt at it: the id of the event it answers, or a subagent's session key.
    /// Subagent sessions are keyed from it, so a retried turn finds their answers.
    /// </summary>
    public string TurnId { get; init; } = string.Empty;

    /// <summary>0 for the agent the user talks to, 1 for a subagent it dispatched, and so on.</summary>
    public int Depth { get; init; }

    /// <summary>The user across chats on one platform: facts and budgets belong to the person, not to one chat.</summary>
    public string UserKey => UserKeyOf(Source);

    public static string UserKeyOf(EventSource source) => $"{source.Platform}:{source.UserId}";

    public static ToolContext From(AIFunctionArguments arguments) =>
        arguments.Context?.TryGetValue(typeof(ToolContext), out var value) == true && value is ToolContext context
            ? context
            : throw new InvalidOperationException("The tool was called outside a conversation.");
}
