namespace MyBot.Grains;

/// <summary>A DM channel the bot has been written to, and the newest message from it already handed to the agent.</summary>
[GenerateSerializer]
[Immutable]
[Alias("mybot.discord-direct-channel")]
public sealed record DirectChannelRecord(
    [property: Id(0)] string ChannelId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string LastMessageId);
