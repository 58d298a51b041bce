using System.Security.Cryptography;
using System.Text;

namespace MyBot.Grains;

/// <param name="Agent">The agent that does the task.</param>
/// <param name="Text">The task, as the calling agent wrote it.</param>
/// <param name="Source">The conversation of the user the work is for: the subagent's usage, budget and memory are that user's.</param>
/// <param name="Depth">1 for a task dispatched by the agent the user talks to, 2 for one its subagent dispatched, and so on.</param>
/// <param name="TimeZone">The user's time zone (IANA id) when known.</param>
/// <param name="Identity">The person the user is across platforms, when known: the subagent's memory is theirs.</param>
[GenerateSerializer]
[Immutable]
[Alias("mybot.subagent-task")]
public sealed record SubagentTask(
    [property: Id(0)] string Agent,
    [property: Id(1)] string Text,
    [property: Id(2)] EventSource Source,
    [property: Id(3)] int Depth,
    [property: Id(4)] string? TimeZone = null,
    [property: Id(5)] string? Identity = null)
{
    /// <summary>
    /// The subagent session's key: the same caller turn handing the same task to the same agent gets the same session;
    /// the hash keeps the key short however deep the calls go and however long the task is.
    /// </summary>
    public string SessionKeyFor(string callerTurnId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{callerTurnId}\n{Agent}\n{Text}"));
        return $"subagent:{Agent}:{Convert.ToHexStringLower(hash.AsSpan(0, 16))}";
    }
}
