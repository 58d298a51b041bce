namespace MyBot.Runtime.Streams;

/// <param name="MessageId">The queue's id for this copy of the event; stable across redeliveries.</param>
/// <param name="Attempt">1 on first delivery; higher when the event comes back after a failure or a crash.</param>
public sealed record StreamEvent(string Namespace, string Key, string Payload, string MessageId, int Attempt, DateTimeOffset PublishedAt);
