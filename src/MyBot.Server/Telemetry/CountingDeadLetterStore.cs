using MyBot.Grains;
using MyBot.Telemetry;

namespace MyBot.Server.Telemetry;

/// <summary>
/// Counts every letter added, whoever adds it (the session and delivery grains, the stream providers' receivers, the
/// Telegram channel), in <c>mybot.dead_letters</c> by origin.
/// </summary>
public sealed class CountingDeadLetterStore(IDeadLetterStore inner) : IDeadLetterStore
{
    public async Task AddAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        await inner.AddAsync(letter, cancellationToken);
        MyBotMetrics.DeadLettered(letter.Origin);
    }

    public Task<IReadOnlyList<DeadLetter>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public Task<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task DeleteAsync(string id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);
}
