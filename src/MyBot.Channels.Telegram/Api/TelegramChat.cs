namespace MyBot.Channels.Telegram.Api;

/// <param name="Type"><c>private</c>, <c>group</c>, <c>supergroup</c> or <c>channel</c>.</param>
public sealed record TelegramChat(long Id, string Type, string? Title = null, string? Username = null)
{
    public bool IsPrivate => Type == "private";
}
