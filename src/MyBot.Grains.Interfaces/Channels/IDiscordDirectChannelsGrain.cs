namespace MyBot.Grains;

/// <summary>
/// The Discord DM channels the bot knows and the last message published from each (one activation, key
/// <see cref="Key"/>), so a fresh gateway session can catch up on messages sent while it was away.
/// </summary>
public interface IDiscordDirectChannelsGrain : IGrainWithStringKey
{
    public const string Key = "discord";

    Task<IReadOnlyList<DirectChannelRecord>> GetAllAsync();

    /// <summary>
    /// Adds the channel, unless it is known already, with the message just before <paramref name="firstMessageId"/> as
    /// its last one seen: called before that message is published, so a crash in between still backfills it.
    /// </summary>
    Task EnsureKnownAsync(string channelId, string userId, string firstMessageId);

    /// <summary>Remembers <paramref name="messageId"/> as seen in the DM channel, unless a newer one is already recorded.</summary>
    Task RecordAsync(string channelId, string userId, string messageId);
}
