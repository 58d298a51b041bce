namespace MyBot.Channels.Discord.Rest;

public sealed record DiscordStickerItem(string Id, string Name);
