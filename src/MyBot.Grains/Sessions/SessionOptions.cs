using System.ComponentModel.DataAnnotations;

namespace MyBot.Agent.Sessions;

/// <summary>Bound from <c>MyBot:Session</c>.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "MyBot:Session";

    /// <summary>Inbound ids remembered for dedupe.</summary>
    [Range(16, 10000)]
    public int DedupeWindow { get; set; } = 256;

    /// <summary>How often the "typing…" indicator is renewed while the agent works (Telegram shows it for about 5 s).</summary>
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(4);
}
