namespace MyBot.Channels.Discord.Rest;

public sealed record DiscordAttachment(string Id, string Filename);
