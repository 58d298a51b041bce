namespace MyBot.Api.Contracts.Messages;

/// <summary>One reply of <c>GET /api/messages</c>; <paramref name="Seq"/> is what the next poll passes as <c>after</c>.</summary>
public sealed record Reply(long Seq, string Id, string Text, DateTimeOffset At);
