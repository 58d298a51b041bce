using MyBot.Channels.Hosting;

namespace MyBot.Channels.Telegram;

/// <summary>The poller's durable position for one bot (key: the bot's id), written by the poller after each handled batch.</summary>
internal sealed class TelegramPollingGrain(
    [PersistentState("telegram-polling")] IPersistentState<TelegramPollingGrainState> state) : Grain, ITelegramPollingGrain
{
    public Task<TelegramPollingCheckpoint> GetAsync() =>
        Task.FromResult(new TelegramPollingCheckpoint(state.State.Offset, [.. state.State.SeenUpdateIds]));

    public Task AdvanceAsync(long nextOffset, IReadOnlyList<long> updateIds)
    {
        var seen = state.State.SeenUpdateIds;
        seen.AddRange(updateIds.Where(id => !seen.Contains(id)));
        if (seen.Count > TelegramPollingState.SeenLimit)
        {
            seen.RemoveRange(0, seen.Count - TelegramPollingState.SeenLimit);
        }

        state.State.Offset = nextOffset;
        return state.WriteOrDeactivateAsync(this);
    }
}
