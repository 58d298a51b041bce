using Microsoft.Extensions.AI;
using MyBot.Agent.Identity;
using MyBot.Channels;

namespace MyBot.Agent.Tools;

/// <summary>Who a tool call is for; the tool loop hands it to every tool through <see cref="AIFunctionArguments.Context"/>.</summary>
/// <param name="TimeZone">The user's time zone when known (IANA id), else null.</param>
/// <param name="Identity">The person the sender is across platforms (<c>MyBot:Identities</c>), else null.</param>
/// <param name="TurnId">The id of the event the turn answers: what a message sent by a tool derives its id from.</param>
public sealed record ToolContext(EventSource Source, string? TimeZone = null, string? Identity = null, string? TurnId = null)
{
    private int _messagesSent;

    /// <summary>The person behind the chat: facts belong to them, whichever platform they write from.</summary>
    public string UserKey => Identity is null ? UserKeyOf(Source) : IdentityDirectory.KeyOf(Identity);

    public static string UserKeyOf(EventSource source) => $"{source.Platform}:{source.UserId}";

    public static ToolContext From(AIFunctionArguments arguments) =>
        arguments.Context?.TryGetValue(typeof(ToolContext), out var value) == true && value is ToolContext context
            ? context
            : throw new InvalidOperationException("The tool was called outside a conversation.");

    /// <summary>Counts the messages a tool sent in this turn: the n-th gets the same id when the turn is run again.</summary>
    public int NextMessageIndex() => Interlocked.Increment(ref _messagesSent) - 1;
}
