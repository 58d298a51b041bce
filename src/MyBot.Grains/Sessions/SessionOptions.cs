using System.ComponentModel.DataAnnotations;

namespace MyBot.Grains.Sessions;

/// <summary>Bound from <c>MyBot:Session</c>.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "MyBot:Session";

    /// <summary>Inbound ids (and dead-letter retry ids) remembered for dedupe.</summary>
    [Range(16, 10000)]
    public int DedupeWindow { get; set; } = 256;

    /// <summary>How often the "typing…" indicator is renewed while the agent works (Telegram shows it for about 5 s).</summary>
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Attempts at a turn (transient LLM failures, crashes mid-turn) before the message goes to the dead letters and the user is told.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failed attempt; it doubles after each further one, up to <see cref="MaxRetryBackoff"/>.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromMinutes(1);
}
