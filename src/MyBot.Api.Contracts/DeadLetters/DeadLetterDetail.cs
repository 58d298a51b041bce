namespace MyBot.Api.Contracts.DeadLetters;

/// <summary>One dead letter with its payload: the event as it was, JSON.</summary>
public sealed record DeadLetterDetail(string Id, string Origin, string Key, string Payload, string Error, int Attempts, DateTimeOffset FailedAt);
