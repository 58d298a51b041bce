namespace MyBot.Agent.Commands;

/// <summary>What commands may see and do to the session that received them; the session grain implements it.</summary>
public interface ICommandSession
{
    SessionStatus GetStatus();

    /// <summary>Starts a fresh conversation; the old one stays in the transcript.</summary>
    Task StartNewSessionAsync(CancellationToken cancellationToken);

    /// <summary>Summarises the conversation now; returns what happened, for the user.</summary>
    Task<string> CompactAsync(CancellationToken cancellationToken);

    /// <summary>Switches this chat to <paramref name="agentName"/> (already checked to exist) for the following messages.</summary>
    Task SelectAgentAsync(string agentName, CancellationToken cancellationToken);
}
