using System.Collections.Concurrent;

namespace MyBot.Grains.Tests.Support;

internal sealed class MemoryDeadLetterStore : IDeadLetterStore
{
    private readonly ConcurrentDictionary<string, DeadLetter> _letters = new();

    public Task AddAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        _letters.TryAdd(letter.Id, letter);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeadLetter>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DeadLetter>>([.. _letters.Values.OrderBy(l => l.FailedAt).ThenBy(l => l.Id, StringComparer.Ordinal)]);

    public Task<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_letters.TryGetValue(id, out var letter) ? letter : null);

    public Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        _letters.TryRemove(id, out _);
        return Task.CompletedTask;
    }
}
