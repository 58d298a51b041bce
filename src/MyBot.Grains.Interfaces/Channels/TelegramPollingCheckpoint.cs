namespace MyBot.Grains;

/// <summary>Where the Telegram poller stands: the next offset to ask for, and the update ids handled lately.</summary>
[GenerateSerializer]
[Immutable]
[Alias("mybot.telegram-polling-checkpoint")]
public sealed record TelegramPollingCheckpoint(
    [property: Id(0)] long? Offset,
    [property: Id(1)] IReadOnlyList<long> SeenUpdateIds);
