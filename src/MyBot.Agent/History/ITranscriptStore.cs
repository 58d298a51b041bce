namespace MyBot.Agent.History;

/// <summary>
/// The full, append-only record of every conversation, kept outside the grain state so the state stays small.
/// A file per session locally; an append blob per session in Azure.
/// </summary>
public interface ITranscriptStore
{
    /// <param name="conversationKey">The session grain's key (the EventSource string).</param>
    Task AppendAsync(string conversationKey, string sessionId, IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken);

    /// <summary>Returns an empty list for a session never written.</summary>
    Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationKey, string sessionId, CancellationToken cancellationToken);

    /// <summary>Session ids of the conversation in id order, which is oldest first for ids from <see cref="SessionIds.Create"/>.</summary>
    Task<IReadOnlyList<string>> ListSessionsAsync(string conversationKey, CancellationToken cancellationToken);
}
