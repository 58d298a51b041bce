namespace MyBot.Runtime.Streams;

/// <summary>What a queue message carries: the stream it belongs to and the event.</summary>
internal sealed record StreamEnvelope(string Namespace, string Key, string Payload, DateTimeOffset PublishedAt);
