namespace MyBot.Channels.Discord;

/// <summary>A DM channel the bot has been written to, and the newest message from it already handed to the agent.</summary>
public sealed record DirectChannelRecord(string ChannelId, string UserId, string LastMessageId);
