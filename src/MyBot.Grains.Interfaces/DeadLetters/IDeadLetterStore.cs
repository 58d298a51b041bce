namespace MyBot.Grains;

/// <summary>Where events end that could not be handled after their attempts, or failed permanently: visible to the owner, never silently dropped.</summary>
public interface IDeadLetterStore
{
    Task AddAsync(DeadLetter letter, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeadLetter>> ListAsync(CancellationToken cancellationToken);

    Task<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken);

    Task DeleteAsync(string id, CancellationToken cancellationToken);
}
