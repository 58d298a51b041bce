namespace MyBot.Server.Admin;

/// <summary>The answer to a retry: the letter is deleted and its event is back in <paramref name="RequeuedTo"/>.</summary>
public sealed record DeadLetterRequeued(string Id, string Origin, string Key, string RequeuedTo);
