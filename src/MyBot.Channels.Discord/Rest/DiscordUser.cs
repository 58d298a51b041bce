namespace MyBot.Channels.Discord.Rest;

public sealed record DiscordUser(string Id, string Username, bool? Bot = null, string? GlobalName = null)
{
    public bool IsBot => Bot == true;
}
