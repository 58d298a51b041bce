namespace MyBot.Grains;

/// <summary>One attempt at a turn. No end means the attempt was cut (the silo stopped or crashed while it ran).</summary>
[GenerateSerializer]
[Alias("mybot.turn-attempt-trace")]
public sealed class TurnAttemptTrace
{
    [Id(0)]
    public int Attempt { get; init; }

    /// <summary>The silo that ran it.</summary>
    [Id(1)]
    public string? Silo { get; init; }

    [Id(2)]
    public DateTimeOffset StartedAt { get; init; }

    [Id(3)]
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary><c>answered</c>, <c>retry</c> or <c>failed</c>, as in the <c>mybot.turns</c> metric.</summary>
    [Id(4)]
    public string? Outcome { get; set; }

    [Id(5)]
    public string? Error { get; set; }

    /// <summary>The LLM calls the model answered, in order; a call that failed shows as the attempt's error.</summary>
    [Id(6)]
    public List<LlmCallTrace> LlmCalls { get; set; } = [];
}
