namespace MyBot.Channels.Http;

/// <param name="ClientId">The client's message id, used for dedupe when present.</param>
internal sealed record ParsedMessage(EventSource Source, string Text, string? ClientId);
