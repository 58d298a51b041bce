namespace MyBot.Api.Contracts.DeadLetters;

/// <summary>The answer to a retry: the letter is deleted and its event is back with <paramref name="RequeuedTo"/> (<c>inbound</c>: its session; <c>delivery</c>: its outbox).</summary>
public sealed record DeadLetterRequeued(string Id, string Origin, string Key, string RequeuedTo);
