using System.Collections.Concurrent;

namespace MyBot.TestKit.DeadLetters;

/// <summary>Dead letters in memory for tests: adding a letter whose id is known keeps the first, as every store must.</summary>
public sealed class MemoryDeadLetterStore : IDeadLetterStore
{
    private readonly ConcurrentDictionary<string, DeadLetter> _letters = new(StringComparer.Ordinal);

    /// <summary>When set, an add stores its letter and then waits for this task, as a store slow to acknowledge would.</summary>
    public Task? AfterAdd { get; set; }

    public Task AddAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        _letters.TryAdd(letter.Id, letter);
        return AfterAdd ?? Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeadLetter>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DeadLetter>>([.. _letters.Values.OrderBy(l => l.FailedAt).ThenBy(l => l.Id, StringComparer.Ordinal)]);

    public Task<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult(_letters.GetValueOrDefault(id));

    public Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        _letters.TryRemove(id, out _);
        return Task.CompletedTask;
    }
}
