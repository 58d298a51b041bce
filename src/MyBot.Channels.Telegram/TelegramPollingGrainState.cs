namespace MyBot.Channels.Telegram;

/// <summary>The stored state of <see cref="TelegramPollingGrain"/>.</summary>
[GenerateSerializer]
[Alias("mybot.telegram-polling-state")]
internal sealed class TelegramPollingGrainState
{
    [Id(0)]
    public long? Offset { get; set; }

    /// <summary>Oldest first, at most <see cref="TelegramPollingState.SeenLimit"/>.</summary>
    [Id(1)]
    public List<long> SeenUpdateIds { get; set; } = [];
}
