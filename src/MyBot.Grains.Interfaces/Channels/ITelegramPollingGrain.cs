namespace MyBot.Grains;

/// <summary>The durable position of the Telegram poller, keyed by the bot's id, written after each batch was published.</summary>
public interface ITelegramPollingGrain : IGrainWithStringKey
{
    Task<TelegramPollingCheckpoint> GetAsync();

    /// <summary>Records the handled <paramref name="updateIds"/> and the next offset; returns once durable.</summary>
    Task AdvanceAsync(long nextOffset, IReadOnlyList<long> updateIds);
}
