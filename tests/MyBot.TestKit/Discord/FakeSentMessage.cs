namespace MyBot.TestKit.Discord;

/// <summary>A message the bot created through the fake's REST API.</summary>
public sealed record FakeSentMessage(string Id, string ChannelId, string Content, string? ReplyToMessageId, string? Nonce, DateTimeOffset At);
