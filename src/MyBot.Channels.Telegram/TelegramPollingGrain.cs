using MyBot.Channels.Hosting;

namespace MyBot.Channels.Telegram;

/// <summary>The poller's durable position for one bot (key: the bot's id), written by the poller after each handled batch.</summary>
internal sealed class TelegramPollingGrain(
    [PersistentState("telegram-polling")] IPersistentState<TelegramPollingGrainState> state) : Grain, ITelegramPollingGrain
{
    public Task<TelegramPollingCheckpoint> GetAsync() =>
        Task.FromResult(new TelegramPollingCheckpoint(state.State.Offset, [.. state.State.SeenUpdateIds]));

    public async Task AdvanceAsync(long nextOffset, IReadOnlyList<long> updateIds)
    {
        var stored = state.State;
        var seen = stored.SeenUpdateIds.ToList();
        seen.AddRange(updateIds.Where(id => !seen.Contains(id)));
        if (seen.Count > TelegramPollingState.SeenLimit)
        {
            seen.RemoveRange(0, seen.Count - TelegramPollingState.SeenLimit);
        }

        var before = (stored.Offset, stored.SeenUpdateIds);
        (stored.Offset, stored.SeenUpdateIds) = (nextOffset, seen);
        try
        {
            await state.WriteOrDeactivateAsync(this);
        }
        catch
        {
            (stored.Offset, stored.SeenUpdateIds) = before;
            throw;
        }
    }
}
