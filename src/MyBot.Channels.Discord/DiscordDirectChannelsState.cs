namespace MyBot.Channels.Discord;

/// <summary>The stored state of <see cref="DiscordDirectChannelsGrain"/>: the known DM channels by channel id.</summary>
[GenerateSerializer]
[Alias("mybot.discord-direct-channels-state")]
internal sealed class DiscordDirectChannelsState
{
    [Id(0)]
    public Dictionary<string, DirectChannelRecord> Channels { get; set; } = new(StringComparer.Ordinal);
}
