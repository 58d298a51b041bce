namespace MyBot.Channels.Telegram;

/// <summary>What the poller stores: the next offset to ask for, and the update ids handled lately (so a redelivered update is skipped).</summary>
internal sealed record TelegramPollingState(long? Offset, List<long> SeenUpdateIds)
{
    public const int SeenLimit = 1000;
}
