namespace MyBot.Channels.Http;

/// <summary>A reply as <c>GET /api/messages</c> returns it; <paramref name="Seq"/> increases per source.</summary>
public sealed record HttpReply(long Seq, string Id, string Text, DateTimeOffset At);
