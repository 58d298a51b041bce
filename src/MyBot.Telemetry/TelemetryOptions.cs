using System.ComponentModel.DataAnnotations;

namespace MyBot.Telemetry;

/// <summary>What the telemetry may contain beyond ids, sizes and timings.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "MyBot:Telemetry";

    /// <summary>
    /// Puts the user's messages and the model's answers on the LLM spans, for debugging. Off by default: the text of a
    /// conversation is the user's, and traces travel to a backend the user may not know about.
    /// </summary>
    public bool LogContent { get; set; }

    /// <summary>
    /// Recent messages per conversation whose way (accept, turns, LLM calls, deliveries and their sends) the session and
    /// delivery grains keep in their state for <c>mybot trace</c>; 0 keeps none.
    /// </summary>
    [Range(0, 1000)]
    public int TracedMessages { get; set; } = 20;
}
