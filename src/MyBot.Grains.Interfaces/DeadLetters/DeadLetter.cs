namespace MyBot.Grains;

/// <param name="Id">Unique and stable: adding the same letter twice keeps one.</param>
/// <param name="Origin">What gave up on it: a stream namespace (<c>inbound</c>) or a grain (<c>delivery</c>).</param>
/// <param name="Key">The stream or grain key, e.g. an EventSource string.</param>
/// <param name="Payload">The event as it was, so it can be retried.</param>
public sealed record DeadLetter(string Id, string Origin, string Key, string Payload, string Error, int Attempts, DateTimeOffset FailedAt);
