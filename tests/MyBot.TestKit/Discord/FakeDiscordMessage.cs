namespace MyBot.TestKit.Discord;

/// <summary>A message a user posted in the fake (gateway MESSAGE_CREATE and channel history).</summary>
public sealed record FakeDiscordMessage(string Id, string ChannelId, string AuthorId, string Content);
