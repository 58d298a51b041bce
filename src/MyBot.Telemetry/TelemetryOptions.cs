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
}
