using System.Collections.Concurrent;

namespace MyBot.Agent.History;

/// <summary>Transcripts in memory, for tests and the in-memory storage mode.</summary>
public sealed class MemoryTranscriptStore : ITranscriptStore
{
    private readonly ConcurrentDictionary<string, List<(string SessionId, List<TranscriptEntry> Entries)>> _conversations = new(StringComparer.Ordinal);

    public Task AppendAsync(string conversationKey, string sessionId, IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return Task.CompletedTask;
        }

        var sessions = _conversations.GetOrAdd(conversationKey, _ => []);
        lock (sessions)
        {
            var session = sessions.Find(s => s.SessionId == sessionId);
            if (session.Entries is null)
            {
                session = (sessionId, []);
                sessions.Add(session);
            }

            session.Entries.AddRange(entries);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationKey, string sessionId, CancellationToken cancellationToken)
    {
        if (!_conversations.TryGetValue(conversationKey, out var sessions))
        {
            return Task.FromResult<IReadOnlyList<TranscriptEntry>>([]);
        }

        lock (sessions)
        {
            return Task.FromResult<IReadOnlyList<TranscriptEntry>>([.. sessions.Find(s => s.SessionId == sessionId).Entries ?? []]);
        }
    }

    public Task<IReadOnlyList<string>> ListSessionsAsync(string conversationKey, CancellationToken cancellationToken)
    {
        if (!_conversations.TryGetValue(conversationKey, out var sessions))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        lock (sessions)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. sessions.Select(s => s.SessionId).Order(StringComparer.Ordinal)]);
        }
    }
}
