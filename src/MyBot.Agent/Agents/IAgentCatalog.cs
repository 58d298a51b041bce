using MyBot.Channels;

namespace MyBot.Agent.Agents;

/// <summary>The agents of the workspace as they are on disk now, and which one a conversation talks to.</summary>
public interface IAgentCatalog
{
    IReadOnlyList<AgentDefinition> Agents { get; }

    /// <summary>Agent files that could not be loaded, with file and line; the other agents keep working.</summary>
    IReadOnlyList<AgentLoadError> Errors { get; }

    AgentDefinition? Find(string name);

    /// <summary>
    /// The agent chosen in the chat (<c>/agent</c>) when it still exists, else the most specific binding,
    /// else <c>MyBot:DefaultAgent</c>, else a built-in assistant so the bot still answers while its files are broken.
    /// </summary>
    AgentDefinition Resolve(EventSource source, string? selectedAgent);
}
