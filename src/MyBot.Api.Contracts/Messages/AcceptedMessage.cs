namespace MyBot.Api.Contracts.Messages;

/// <summary>The 202 answer to <c>POST /api/messages</c>: the message is durable and will be answered.</summary>
public sealed record AcceptedMessage(string Source, string EventId);
