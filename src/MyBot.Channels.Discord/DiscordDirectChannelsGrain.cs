using MyBot.Channels.Hosting;

namespace MyBot.Channels.Discord;

/// <summary>The DM channels the bot knows and the last message it published from each, changed by this one writer.</summary>
internal sealed class DiscordDirectChannelsGrain(
    [PersistentState("discord-direct-channels")] IPersistentState<DiscordDirectChannelsState> state) : Grain, IDiscordDirectChannelsGrain
{
    public Task<IReadOnlyList<DirectChannelRecord>> GetAllAsync() =>
        Task.FromResult<IReadOnlyList<DirectChannelRecord>>([.. state.State.Channels.Values]);

    /// <remarks>
    /// Records the message just before <paramref name="firstMessageId"/> as seen, so a crash between publishing it and
    /// <see cref="RecordAsync"/> still leaves it to backfill (the redelivery dedupes).
    /// </remarks>
    public Task EnsureKnownAsync(string channelId, string userId, string firstMessageId) =>
        state.State.Channels.ContainsKey(channelId) ? Task.CompletedTask : SetAsync(new DirectChannelRecord(channelId, userId, Snowflake.Before(firstMessageId)));

    public Task RecordAsync(string channelId, string userId, string messageId) =>
        state.State.Channels.TryGetValue(channelId, out var known) && Snowflake.Compare(known.LastMessageId, messageId) >= 0
            ? Task.CompletedTask
            : SetAsync(new DirectChannelRecord(channelId, userId, messageId));

    private Task SetAsync(DirectChannelRecord record)
    {
        state.State.Channels[record.ChannelId] = record;
        return state.WriteOrDeactivateAsync(this);
    }
}
