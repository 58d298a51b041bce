using Microsoft.Extensions.AI;
using MyBot.Agent.Agents;
using MyBot.Agent.Identity;
using MyBot.Channels;

namespace MyBot.Agent.Tools;

/// <summary>Who a tool call is for; the tool loop hands it to every tool through <see cref="AIFunctionArguments.Context"/>.</summary>
/// <param name="TimeZone">The user's time zone when known (IANA id), else null.</param>
public sealed record ToolContext(EventSource Source, string? TimeZone = null)
{
    private int _messagesSent;

    /// <summary>The agent whose turn this is: its allow lists decide which skills and subagents the tools may use.</summary>
    public AgentDefinition? Agent { get; init; }

    /// <summary>The person the sender is across platforms (<c>MyBot:Identities</c>), else null.</summary>
    public string? Identity { get; init; }

    /// <summary>
    /// Names the turn, the same on every attempt at it: the id of the event it answers, or a subagent's session key.
    /// Subagent sessions are keyed from it, and a message a tool sends derives its id from it, so a retried turn
    /// finds their answers and does not send the message again.
    /// </summary>
    public string TurnId { get; init; } = string.Empty;

    /// <summary>0 for the agent the user talks to, 1 for a subagent it dispatched, and so on.</summary>
    public int Depth { get; init; }

    /// <summary>The person behind the chat: facts and budgets belong to them, whichever chat or platform they write from.</summary>
    public string UserKey => UserKeyOf(Source, Identity);

    public static string UserKeyOf(EventSource source) => $"{source.Platform}:{source.UserId}";

    /// <summary>The identity's key when the sender has one, else the account's.</summary>
    public static string UserKeyOf(EventSource source, string? identity) => identity is null ? UserKeyOf(source) : IdentityDirectory.KeyOf(identity);

    public static ToolContext From(AIFunctionArguments arguments) =>
        arguments.Context?.TryGetValue(typeof(ToolContext), out var value) == true && value is ToolContext context
            ? context
            : throw new InvalidOperationException("The tool was called outside a conversation.");

    /// <summary>Counts the messages a tool sent in this turn: the n-th gets the same id when the turn is run again.</summary>
    public int NextMessageIndex() => Interlocked.Increment(ref _messagesSent) - 1;
}
