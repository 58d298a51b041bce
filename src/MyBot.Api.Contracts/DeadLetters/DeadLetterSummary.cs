namespace MyBot.Api.Contracts.DeadLetters;

/// <summary>One line of the dead-letter list: the payload only as its size, since it holds the user's message or the bot's reply.</summary>
/// <param name="Origin">What gave up on it: <c>inbound</c>, <c>delivery</c>, <c>telegram-webhook</c>, <c>telegram-polling</c>.</param>
/// <param name="Key">The conversation (EventSource) or stream it belongs to.</param>
public sealed record DeadLetterSummary(string Id, string Origin, string Key, string Error, int Attempts, DateTimeOffset FailedAt, int PayloadLength);
