namespace MyBot.Grains;

/// <summary>
/// One inbound message's way through its session, kept in the session grain's state and written with the writes the
/// session makes anyway (accept, attempt, answer), for <c>mybot trace</c>: no tracing backend needed to see it.
/// </summary>
[GenerateSerializer]
[Alias("mybot.message-trace")]
public sealed class MessageTrace
{
    [Id(0)]
    public required string EventId { get; init; }

    /// <summary>When the channel received it.</summary>
    [Id(1)]
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When the session took it from the stream into its durable inbox.</summary>
    [Id(2)]
    public DateTimeOffset AcceptedAt { get; set; }

    /// <summary>The OpenTelemetry trace the message's spans belong to, when it was traced.</summary>
    [Id(3)]
    public string? TraceId { get; init; }

    [Id(4)]
    public List<TurnAttemptTrace> Turns { get; set; } = [];

    [Id(5)]
    public DateTimeOffset? AnsweredAt { get; set; }

    [Id(6)]
    public DateTimeOffset? DeadLetteredAt { get; set; }
}
