namespace MyBot.Grains;

/// <param name="Outcome"><c>sent</c>, <c>throttled</c>, <c>transient</c> or <c>permanent</c>, as in the <c>mybot.delivery.attempts</c> metric.</param>
[GenerateSerializer]
[Immutable]
[Alias("mybot.send-attempt-trace")]
public sealed record SendAttemptTrace(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] int Chunk,
    [property: Id(2)] string Outcome,
    [property: Id(3)] TimeSpan Duration,
    [property: Id(4)] string? Error = null);
