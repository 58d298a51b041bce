namespace MyBot.Channels.Discord.Rest;

/// <summary>The parts of Discord's message object the channel reads.</summary>
/// <param name="GuildId">Present on gateway MESSAGE_CREATE in a guild; absent in DMs and on REST fetches.</param>
/// <param name="Type">0 is a plain message and 19 a reply; everything else is a system message.</param>
public sealed record DiscordMessage(
    string Id,
    string ChannelId,
    DiscordUser Author,
    string? Content,
    DateTimeOffset Timestamp,
    int Type = 0,
    string? GuildId = null,
    IReadOnlyList<DiscordUser>? Mentions = null,
    DiscordMessage? ReferencedMessage = null,
    IReadOnlyList<DiscordAttachment>? Attachments = null,
    IReadOnlyList<DiscordStickerItem>? StickerItems = null)
{
    public bool IsUserMessage => Type is 0 or 19;
}
