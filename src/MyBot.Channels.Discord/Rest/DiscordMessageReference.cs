namespace MyBot.Channels.Discord.Rest;

public sealed record DiscordMessageReference(string? MessageId, string? ChannelId = null, bool? FailIfNotExists = null);
