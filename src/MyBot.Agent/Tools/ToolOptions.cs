using System.ComponentModel.DataAnnotations;

namespace MyBot.Agent.Tools;

public sealed class ToolOptions
{
    public const string SectionName = "MyBot:Tools";

    /// <summary>LLM requests one message may make while the model keeps calling tools; then the turn stops with a message.</summary>
    [Range(1, 64)]
    public int MaxRounds { get; set; } = 8;

    /// <summary>A tool result longer than this is cut, so one call cannot fill the context.</summary>
    [Range(256, 1_000_000)]
    public int MaxResultChars { get; set; } = 16_000;
}
